package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseTrustedProxies reads GOALPOST_TRUSTED_PROXIES: addresses or CIDR
// ranges separated by commas or spaces ("10.0.0.0/8, 192.168.1.5").
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		} else {
			return nil, fmt.Errorf("%q is neither an address nor a CIDR range", f)
		}
	}
	return out, nil
}

// TrustProxies makes a request that arrives from one of the proxies (a
// load balancer in front of several replicas) count as coming from the
// client its X-Forwarded-For names: the last address in it that is not
// itself a trusted proxy, since a client can put anything at the front.
// Sign-in throttling per address and the audit trail then see visitors,
// not the proxy they all share. From any other peer the header is
// ignored, as it is with no proxies at all.
func TrustProxies(next http.Handler, proxies []netip.Prefix) http.Handler {
	if len(proxies) == 0 {
		return next
	}
	trusted := func(a netip.Addr) bool {
		for _, p := range proxies {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, port, err := net.SplitHostPort(r.RemoteAddr)
		peer, perr := netip.ParseAddr(host)
		if err != nil || perr != nil || !trusted(peer) {
			next.ServeHTTP(w, r)
			return
		}
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		client := peer
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // garbage: go no further than the hops before it
			}
			client = a
			if !trusted(a) {
				break
			}
		}
		if client != peer {
			r2 := r.Clone(r.Context())
			r2.RemoteAddr = net.JoinHostPort(client.Unmap().String(), port)
			r = r2
		}
		next.ServeHTTP(w, r)
	})
}
