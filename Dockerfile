# Goalpost as a city's IT department deploys it: one static binary, with
# the migrations and the bundled plans embedded, configured by environment
# variables (see README, "Configuration").
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /goalpost ./cmd/goalpost

# Debian slim rather than distroless: importing a plan from a PDF runs
# poppler's pdftotext (README, "Importing a plan from a document").
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 65532 --no-create-home --shell /usr/sbin/nologin goalpost
COPY --from=build /goalpost /goalpost
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/goalpost"]
CMD ["serve", "--addr", ":8080"]
