package saml

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
)

// inflate decompresses raw DEFLATE data (saml-bindings §3.4.4.1), falling
// back to the zlib and gzip framing some senders use. Output is capped at
// max bytes: a larger result is a *LimitError (wrapping ErrInflateLimit),
// found without keeping any of the output (see readCapped).
func inflate(data []byte, max int64) ([]byte, []string, error) {
	out, err := readCapped(func() (io.Reader, error) { return flate.NewReader(bytes.NewReader(data)), nil }, max)
	if err == nil || errors.Is(err, ErrInflateLimit) {
		return out, nil, err
	}
	if out, repair, ok, werr := inflateWrapped(data, max); ok {
		return out, []string{repair}, werr
	}
	return nil, nil, fmt.Errorf("decoded Base64 is neither XML nor DEFLATE data: %w", err)
}

// inflateWrapped tries zlib and gzip framing. ok reports that data had such
// a header and decompressed, or hit the size cap (werr).
func inflateWrapped(data []byte, max int64) (out []byte, repair string, ok bool, werr error) {
	var open func() (io.Reader, error)
	switch {
	case isZlib(data):
		open, repair = func() (io.Reader, error) { return zlib.NewReader(bytes.NewReader(data)) }, "zlib wrapper"
	case len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b:
		open, repair = func() (io.Reader, error) { return gzip.NewReader(bytes.NewReader(data)) }, "gzip wrapper"
	default:
		return nil, "", false, nil
	}
	out, err := readCapped(open, max)
	switch {
	case err == nil:
		return out, repair, true, nil
	case errors.Is(err, ErrInflateLimit):
		return nil, repair, true, err
	}
	return nil, "", false, nil
}

// readCapped decompresses the stream open returns twice: first counting
// the output without keeping it, failing with a *LimitError once more
// than max bytes come out, then into a buffer of exactly the size counted.
// A deflate bomb thus allocates nothing beyond the decompressor's state,
// and a message no more than its own size.
func readCapped(open func() (io.Reader, error), max int64) ([]byte, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	n, err := io.Copy(io.Discard, io.LimitReader(r, max+1))
	switch {
	case err != nil:
		return nil, err
	case n > max:
		return nil, newLimitError(LimitInflated, max, "bytes", fmt.Errorf("%w: a deflate bomb, or a message larger than the limit", ErrInflateLimit))
	}
	if r, err = open(); err != nil {
		return nil, err
	}
	out := make([]byte, n)
	if _, err := io.ReadFull(r, out); err != nil {
		return nil, err
	}
	return out, nil
}

// isZlib reports whether data starts with a zlib header (RFC 1950).
func isZlib(data []byte) bool {
	return len(data) > 2 && data[0]&0x0f == 8 && (uint16(data[0])<<8|uint16(data[1]))%31 == 0
}
