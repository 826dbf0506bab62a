module github.com/briefbot/briefbot

go 1.26.8
