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
// max bytes: a larger result is an ErrInflateLimit error and is never
// allocated beyond max+1 bytes.
func inflate(data []byte, max int64) ([]byte, []string, error) {
	out, err := readCapped(flate.NewReader(bytes.NewReader(data)), max)
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
	var r io.Reader
	switch {
	case isZlib(data):
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, "", false, nil
		}
		r, repair = zr, "zlib wrapper"
	case len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b:
		gr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, "", false, nil
		}
		r, repair = gr, "gzip wrapper"
	default:
		return nil, "", false, nil
	}
	out, err := readCapped(r, max)
	switch {
	case err == nil:
		return out, repair, true, nil
	case errors.Is(err, ErrInflateLimit):
		return nil, repair, true, err
	}
	return nil, "", false, nil
}

// readCapped reads r to the end, failing with ErrInflateLimit once more
// than max bytes come out. The buffer doubles from 4 KiB and never grows
// beyond max+1 bytes, so at most about 2*max bytes are ever allocated.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	buf := make([]byte, 0, min(4096, max+1))
	for {
		if len(buf) == cap(buf) {
			next := make([]byte, len(buf), min(2*int64(cap(buf)), max+1))
			copy(next, buf)
			buf = next
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, fmt.Errorf("%w: output exceeds %d bytes", ErrInflateLimit, max)
		}
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return nil, err
		}
	}
}

// isZlib reports whether data starts with a zlib header (RFC 1950).
func isZlib(data []byte) bool {
	return len(data) > 2 && data[0]&0x0f == 8 && (uint16(data[0])<<8|uint16(data[1]))%31 == 0
}
