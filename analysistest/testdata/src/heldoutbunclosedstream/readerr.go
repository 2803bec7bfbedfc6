// Package heldoutbunclosedstream holds the shapes reviewed on syncthing's
// lib/discover and lib/upnp (held-out corpus b): a function returns when
// reading the response body fails. A failed read has already ended the
// response's connection in net/http, so that return leaks nothing; the
// other early returns still do.
package heldoutbunclosedstream

import (
	"context"
	"errors"
	"io"
	"io/ioutil"
	"net/http"
)

func lookup(ctx context.Context, c *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, errors.New(resp.Status)
	}
	bs, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err // the failed read ended the connection
	}
	resp.Body.Close()
	return bs, nil
}

func soap(c *http.Client, req *http.Request) ([]byte, error) {
	r, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	bs, err := ioutil.ReadAll(r.Body)
	if err != nil {
		return bs, err
	}
	r.Body.Close()
	return bs, nil
}

// Still reported: the status check returns with the body unread and open.
func status(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url) // want `the Body of the Response created here is not closed on the path through the return at line 57`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode > 299 {
		return nil, errors.New(resp.Status)
	}
	bs, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return bs, nil
}

// Still reported: the read succeeded, and a later check returns before
// the close (a body read to its end is not closed by the read).
func check(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url) // want `the Body of the Response created here is not closed on the path through the return at line 79`
	if err != nil {
		return nil, err
	}
	bs, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return nil, errors.New("empty")
	}
	resp.Body.Close()
	return bs, nil
}
