# syntax=docker/dockerfile:1

# Build a static binary; the default corpus is embedded (go:embed), so the
# image needs nothing but the binary.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/briefbot ./cmd/briefbot
# distroless has no shell to create the data dir, so make it here, owned by
# the image's nonroot user (65532), for the volume to start out writable.
RUN mkdir -p /out/data

# The binary alone, for hosts without Docker at run time:
#   docker build --target binary --output type=local,dest=. .
FROM scratch AS binary
COPY --from=build /out/briefbot /briefbot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/briefbot /briefbot
COPY --from=build --chown=65532:65532 /out/data /data
ENV BRIEFBOT_DATA=/data
VOLUME /data
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/briefbot"]
CMD ["serve"]
