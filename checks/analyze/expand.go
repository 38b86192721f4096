package analyze

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/samlcheck/samlcheck/checks/internal/pathglob"
)

// Target is one file to read, as Expand found it.
type Target struct {
	// Path is the file's path ("-" for standard input).
	Path string
	// Found is true for a file found by walking a directory or matching a
	// glob, false for one named explicitly. A found file is checked only
	// when its content is a HAR or a SAML message; other files (README.md,
	// certificates, users lists, metadata) are skipped. A named file is
	// always checked, and one that is not SAML is reported as such.
	Found bool
	// Member is, for a HAR inside a ZIP archive named on the command line,
	// the member's name in the archive Path; "" for a plain file.
	Member string
}

// Name is the name the target is reported under: Path, or for a ZIP
// member "Path/Member" (hars.zip/login.har).
func (t Target) Name() string {
	if t.Member != "" {
		return t.Path + "/" + t.Member
	}
	return t.Path
}

// ErrNoMatch is wrapped by Expand's error for a glob that matches no file.
var ErrNoMatch = errors.New("no file matches")

// Expand turns command-line paths into the files to read, in order:
//
//   - "-" and names of existing files are kept as given (Found false);
//   - a ZIP archive named explicitly that holds .har files gives one target
//     per .har member (Member set), in archive order; its other members
//     are not read. Archives found in a directory walk are not opened;
//   - a directory is walked recursively in lexical order, skipping
//     directories whose name starts with "." (such as .git);
//   - a name that does not exist and holds a glob metacharacter (*, ? or [)
//     is a pattern with the pathglob semantics: a "**" segment matches any
//     number of directories, "*" never crosses a "/". Matching directories
//     are walked. Quote patterns in a shell so that samlcheck sees them.
//
// A file reached twice is read once. A name that does not exist and is no
// pattern is kept, so that reading it reports the error for that file. The
// returned error joins the problems met (a pattern that matches nothing, a
// directory that cannot be read); the targets found are returned with it.
func Expand(paths []string) ([]Target, error) {
	var (
		out  []Target
		errs []error
		seen = map[string]bool{}
	)
	add := func(p string, found bool) {
		key := p
		if p != "-" {
			key = filepath.Clean(p)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, Target{Path: p, Found: found})
		}
	}
	for _, p := range paths {
		if p == "-" {
			add(p, false)
			continue
		}
		st, err := os.Stat(p)
		switch {
		case err == nil && st.IsDir():
			errs = append(errs, walk(p, add))
		case err == nil && zipHARs(p) != nil:
			// A ZIP archive of HARs named explicitly: each .har member is
			// an input of its own (a .saz or other ZIP is reported by Read).
			for _, m := range zipHARs(p) {
				if key := filepath.Clean(p) + "\x00" + m; !seen[key] {
					seen[key] = true
					out = append(out, Target{Path: p, Member: m})
				}
			}
		case err == nil || !pathglob.HasMeta(p):
			add(p, false)
		default:
			n := len(out)
			errs = append(errs, glob(p, add))
			if len(out) == n && !anyDir(p) {
				errs = append(errs, fmt.Errorf("analyze: %s: %w", p, ErrNoMatch))
			}
		}
	}
	return out, errors.Join(errs...)
}

// anyDir reports whether pattern matches an existing directory (which may
// be empty): a pattern that matches only empty directories is no error.
func anyDir(pattern string) bool {
	dirs, _ := filepath.Glob(pattern)
	return len(dirs) > 0
}

// walk adds every regular file below dir, in lexical order.
func walk(dir string, add func(string, bool)) error {
	var errs []error
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("analyze: %w", err))
			return nil // keep walking the rest
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if isFile(p, d) {
			add(p, true)
		}
		return nil
	})
	return errors.Join(append(errs, err)...)
}

// isFile reports whether p is a regular file, or a symbolic link to one
// (links to directories are not followed, so a walk cannot loop).
func isFile(p string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// glob adds the files matching pattern: it walks the longest leading
// directory free of metacharacters and matches each path below it.
func glob(pattern string, add func(string, bool)) error {
	if err := pathglob.Validate(filepath.ToSlash(pattern)); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	segs := strings.Split(filepath.ToSlash(pattern), "/")
	n := 0
	for n < len(segs)-1 && !pathglob.HasMeta(segs[n]) {
		n++
	}
	root := filepath.FromSlash(strings.Join(segs[:n], "/"))
	rest := strings.Join(segs[n:], "/")
	switch {
	case n == 0:
		root = "."
	case root == "":
		root = "/" // an absolute pattern such as /*.har
	}
	if _, err := os.Stat(root); err != nil {
		return nil // nothing matches; Expand says so
	}
	var errs []error
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("analyze: %w", err))
			return nil
		}
		rel, rerr := filepath.Rel(root, p)
		if rerr != nil || rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && !strings.HasPrefix(lastSeg(rest), ".") {
				return filepath.SkipDir
			}
			if pathglob.Match(rest, rel) {
				errs = append(errs, walk(p, add))
				return filepath.SkipDir
			}
			if !pathglob.CouldMatchBelow(rest, rel) {
				return filepath.SkipDir
			}
			return nil
		}
		if pathglob.Match(rest, rel) && isFile(p, d) {
			add(p, true)
		}
		return nil
	})
	return errors.Join(append(errs, err)...)
}

func lastSeg(p string) string { return p[strings.LastIndex(p, "/")+1:] }
