package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// idempotencyKey reads the Idempotency-Key header: "" when absent, an
// EINVALID error when it is not 1–255 visible ASCII characters.
func idempotencyKey(r *http.Request) (string, error) {
	values := r.Header.Values("Idempotency-Key")
	if len(values) == 0 {
		return "", nil
	}
	key := values[0]
	ok := len(values) == 1 && len(key) >= 1 && len(key) <= 255
	for i := 0; ok && i < len(key); i++ {
		ok = key[i] > ' ' && key[i] < 0x7f
	}
	if !ok {
		return "", goalpost.Errorf(goalpost.EINVALID, "%s", i18n.FromAPIRequest(r).T("api.idempotency_key"))
	}
	return key, nil
}

// figureRequestHash identifies a request under a key: the target and the
// body as decoded (so spacing and key order do not matter).
func figureRequestHash(targetID int64, req figureRequest) []byte {
	body, _ := json.Marshal(req)
	h := sha256.New()
	h.Write([]byte("figure:" + strconv.FormatInt(targetID, 10) + "\n"))
	h.Write(body)
	return h.Sum(nil)
}

// replayKept answers with the answer kept for key, if there is one (or
// refuses a key reused for another request), and reports whether it did.
func (s *Server) replayKept(w http.ResponseWriter, r *http.Request, u *goalpost.User, key string, hash []byte) bool {
	kept, err := s.store.IdempotentAnswer(r.Context(), u.ID, key, hash)
	switch {
	case errors.Is(err, postgres.ErrKeyReused):
		s.apiKeyReused(w, r)
	case err != nil:
		s.apiError(w, r, err)
	case kept != nil:
		writeKept(w, *kept, true)
	default:
		return false
	}
	return true
}

// addFigureOnce writes nf under key and answers; a concurrent duplicate
// that got there first is replayed instead.
func (s *Server) addFigureOnce(w http.ResponseWriter, r *http.Request, u *goalpost.User, t *goalpost.Tracked, key string, hash []byte, nf goalpost.NewFigure) {
	a, replayed, err := s.store.AddFigureOnce(r.Context(), u, t, key, hash, nf, func(fig goalpost.Figure, err error) postgres.Answer {
		if err != nil {
			return postgres.Answer{Status: apiStatus[goalpost.ErrorCode(err)], Body: jsonBody(map[string]any{
				"error": map[string]string{"code": goalpost.ErrorCode(err), "message": goalpost.ErrorMessageIn(err, i18n.FromAPIRequest(r))}})}
		}
		return postgres.Answer{Status: http.StatusCreated, Body: jsonBody(figureJSON(fig, fig.State == goalpost.FigurePublished))}
	})
	switch {
	case errors.Is(err, postgres.ErrKeyReused):
		s.apiKeyReused(w, r)
	case err != nil:
		s.apiError(w, r, err)
	default:
		writeKept(w, a, replayed)
	}
}

func (s *Server) apiKeyReused(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": map[string]string{
		"code": goalpost.ECONFLICT, "message": i18n.FromAPIRequest(r).T("api.idempotency_reused")}})
}

// writeKept writes a kept answer exactly as it was first written.
func writeKept(w http.ResponseWriter, a postgres.Answer, replayed bool) {
	if a.Status == http.StatusCreated {
		var fig FigureJSON
		if json.Unmarshal(a.Body, &fig) == nil {
			w.Header().Set("Location", "/api/v1/targets/"+strconv.FormatInt(fig.TargetID, 10))
		}
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body)
}

// jsonBody encodes v as writeJSON does.
func jsonBody(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return buf.Bytes()
}
