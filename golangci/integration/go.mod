module github.com/leaklint/leaklint/golangci/integration

go 1.26.0
