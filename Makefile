# Goalpost: the usual tasks. `make test` is the README's test command.
.PHONY: run test check generate bench

run:
	go run ./cmd/goalpost serve

test:
	./scripts/test

# Fails if formatting, vet or generated templates are out of date.
check:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)
	go vet ./...
	go tool templ generate
	git diff --exit-code -- templates/

generate:
	go tool templ generate

bench:
	go test -run '^$$' -bench . -benchmem ./internal/postgres/ ./internal/web/
