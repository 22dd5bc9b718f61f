// Package fetch downloads remote datasets (a test's `data:` URL) into a
// local content-addressed cache, so each file is downloaded once across
// runs and CI jobs can cache one folder.
package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Cache is a download cache in Dir: blobs/<sha256 of content> holds each
// file once, urls/<sha256 of URL> names the blob a URL gave.
type Cache struct {
	Dir     string
	Offline bool          // never download: a URL not yet cached is an error
	Client  *http.Client  // nil: http.DefaultClient with Timeout
	Retries int           // extra attempts after a network error, 429 or 5xx
	Backoff time.Duration // first wait between attempts; doubles each time
	Timeout time.Duration // per attempt; 0 means 5 minutes
}

// ErrOffline marks a URL that is not cached while downloads are off.
var ErrOffline = errors.New("not in the download cache and downloads are off (--offline)")

// DefaultDir is where the cache lives unless told otherwise.
func DefaultDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "dactest")
	}
	return filepath.Join(os.TempDir(), "dactest-cache")
}

// Get returns a local file holding the URL's content, downloading it on
// first use. The file keeps the URL's base name as its extension hint.
func (c *Cache) Get(ctx context.Context, url string) (string, error) {
	if p, ok := c.cached(url); ok {
		return p, nil
	}
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return "", fmt.Errorf("%s: only http and https URLs are downloaded (a local file is named by its path)", url)
	}
	if c.Offline {
		return "", fmt.Errorf("%s: %w", url, ErrOffline)
	}
	data, err := c.download(ctx, url)
	if err != nil {
		return "", err
	}
	if isLFSPointer(data) {
		return "", fmt.Errorf("%s: the server sent a Git LFS pointer, not the data (use the media.githubusercontent.com URL or a local --data-root)", url)
	}
	return c.store(url, data)
}

func (c *Cache) indexPath(url string) string {
	return filepath.Join(c.Dir, "urls", hashHex([]byte(url)))
}

// cached resolves the URL through the index to an existing blob.
func (c *Cache) cached(url string) (string, bool) {
	name, err := os.ReadFile(c.indexPath(url))
	if err != nil {
		return "", false
	}
	p := filepath.Join(c.Dir, "blobs", strings.TrimSpace(string(name)))
	if _, err := os.Stat(p); err != nil {
		return "", false
	}
	return p, true
}

// store writes the blob and then the index entry, each by rename, so a
// crash or a concurrent run never leaves a half-written file in place.
func (c *Cache) store(url string, data []byte) (string, error) {
	blob := hashHex(data) + "-" + safeBase(url)
	p := filepath.Join(c.Dir, "blobs", blob)
	if err := writeAtomic(p, data); err != nil {
		return "", err
	}
	if err := writeAtomic(c.indexPath(url), []byte(blob+"\n")); err != nil {
		return "", err
	}
	return p, nil
}

func (c *Cache) download(ctx context.Context, url string) ([]byte, error) {
	wait := c.Backoff
	if wait == 0 {
		wait = time.Second
	}
	var last error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(wait):
			}
			wait *= 2
		}
		data, retry, err := c.attempt(ctx, url)
		if err == nil {
			return data, nil
		}
		last = err
		if !retry {
			break
		}
	}
	return nil, fmt.Errorf("download %s: %w", url, last)
}

// attempt makes one request; retry says whether another might succeed.
func (c *Cache) attempt(ctx context.Context, url string) (data []byte, retry bool, err error) {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, false, err
	}
	client := c.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// A host that does not resolve will not resolve in a second either:
		// fail at once (offline machines would otherwise wait on every URL).
		var dns *net.DNSError
		return nil, !(errors.As(err, &dns) && dns.IsNotFound), err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		retry := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
		return nil, retry, fmt.Errorf("HTTP %s", resp.Status)
	}
	data, err = io.ReadAll(resp.Body)
	if err != nil {
		return nil, true, fmt.Errorf("reading the body: %w", err)
	}
	if resp.ContentLength >= 0 && int64(len(data)) != resp.ContentLength {
		return nil, true, fmt.Errorf("truncated: got %d of %d bytes", len(data), resp.ContentLength)
	}
	return data, false, nil
}

func isLFSPointer(data []byte) bool {
	return len(data) < 1024 && bytes.HasPrefix(data, []byte("version https://git-lfs.github.com/spec/"))
}

func hashHex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// safeBase keeps the URL's file name (readers use the extension as a hint).
func safeBase(url string) string {
	base := path.Base(strings.SplitN(url, "?", 2)[0])
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 {
			return '_'
		}
		return r
	}, base)
}

func writeAtomic(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".part-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
}
