# Goalpost as a city's IT department deploys it: one static binary, with
# the migrations and the bundled plans embedded, configured by environment
# variables (see README, "Configuration").
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /goalpost ./cmd/goalpost

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /goalpost /goalpost
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/goalpost"]
CMD ["serve", "--addr", ":8080"]
