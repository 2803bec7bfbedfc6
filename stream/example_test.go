package stream_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/leaklint/leaklint/stream"
)

func ExampleNewStreamingContext() {
	s := stream.NewStreamingContext(context.Background())
	// Close ends the stream and its goroutine. Without it (and without
	// cancelling the context) the goroutine would leak.
	defer s.Close()

	go func() {
		for _, word := range []string{"leak", "free", "stream"} {
			if err := s.Send(word); err != nil {
				return
			}
		}
		s.Close() // values already sent are still delivered
	}()
	for v := range s.Channel() {
		fmt.Println(v)
	}
	fmt.Println(s.Err())
	// Output:
	// leak
	// free
	// stream
	// stream: send on closed StreamingContext
}

func ExampleStreamingContext_Send() {
	ctx, cancel := context.WithCancel(context.Background())
	s := stream.NewStreamingContext(ctx)
	defer s.Close()

	fmt.Println(s.Send("first"))
	cancel() // a cancelled context ends the stream: Send never blocks for ever
	<-s.Done()
	fmt.Println(s.Send("second"))
	s.Close()
	fmt.Println(errors.Is(s.Send("third"), context.Canceled))
	// Output:
	// <nil>
	// context canceled
	// true
}

func ExampleStreamingContext_Close() {
	s := stream.NewStreamingContext(context.Background())
	s.Send(1)
	s.Send(2)
	s.Close()
	s.Close() // idempotent

	for v := range s.Channel() {
		fmt.Println(v)
	}
	fmt.Println(errors.Is(s.Send(3), stream.ErrClosed))
	// Output:
	// 1
	// 2
	// true
}

func ExampleStreamJSON() {
	ch, err := stream.StreamJSON(context.Background(), map[string]int{"leaks": 0}, 4)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Receive until the channel is closed: a consumer that stops early
	// must cancel the context instead, or the producer leaks.
	for c := range ch {
		fmt.Printf("%q\n", c.Data)
	}
	// Output:
	// "{\"le"
	// "aks\""
	// ":0}"
}

func ExampleStreamJSON_errors() {
	_, err := stream.StreamJSON(context.Background(), func() {}, 4)
	fmt.Println(err)
	_, err = stream.StreamJSON(context.Background(), "ok", 0)
	fmt.Println(err, errors.Is(err, stream.ErrChunkSize))
	// Output:
	// stream: encoding value as JSON: json: unsupported type: func()
	// stream: chunk size must be at least 1, got 0 true
}

func ExampleStreamJSON_cancel() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stopping early: cancelling is what releases the producer

	ch, err := stream.StreamJSON(ctx, strings.Repeat("x", 1000), 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s\n", (<-ch).Data)
	// Output:
	// "xxxxxxxxx
}

func ExampleStreamReader() {
	r := strings.NewReader("streamed in pieces")
	ch, err := stream.StreamReader(context.Background(), r, 8)
	if err != nil {
		fmt.Println(err)
		return
	}
	for c := range ch {
		if c.Err != nil {
			fmt.Println("read failed:", c.Err)
			break
		}
		fmt.Printf("%q\n", c.Data)
	}
	// Output:
	// "streamed"
	// " in piec"
	// "es"
}

func ExampleNewStreamingResultBuilder() {
	b := stream.NewStreamingResultBuilder(context.Background())
	defer b.Close() // releases the data and the goroutines Consume started

	// Producers use the builder's context, so Close releases them too.
	ch, err := stream.StreamJSON(b.Context(), []string{"a", "b"}, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := b.Consume(ch); err != nil {
		fmt.Println(err)
		return
	}
	result, err := b.Result()
	fmt.Println(string(result), err)
	// Output:
	// ["a","b"] <nil>
}

func ExampleStreamingResultBuilder_Add() {
	b := stream.NewStreamingResultBuilder(context.Background())
	defer b.Close()

	b.Add(stream.Chunk{Data: []byte("partial ")})
	b.Add(stream.Chunk{Data: []byte("data")})
	b.Add(stream.Chunk{Err: errors.New("upstream failed")})
	result, err := b.Result()
	fmt.Printf("%q %v\n", result, err)
	// Output:
	// "partial data" upstream failed
}
