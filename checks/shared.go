package checks

import (
	"fmt"
	"slices"
)

// Shared is a result computed from one message that rules share, as the
// analyzers of golang.org/x/tools/go/analysis share theirs: a rule lists
// the results it reads in Rule.Requires and gets each with ResultOf. A
// result is computed once per message, by the first rule that asks for it
// (or ahead, by Checker.Prepare), and every rule after it sees the same
// value: treat it as read-only. The package declares the results
// ([Signatures], [Flow]); T is the result's type.
type Shared[T any] struct {
	name    string
	compute func(p *Pass) T
}

// Name names the result, as messages about it do.
func (s *Shared[T]) Name() string { return s.name }

func (*Shared[T]) shared() {}

// Requirement is a Shared result of any type, as Rule.Requires lists them.
type Requirement interface {
	// Name names the result.
	Name() string
	shared()
}

// ResultOf returns the shared result s for the pass's message, computing
// it on first use. The pass's rule must list s in its Requires: ResultOf
// panics otherwise, naming the rule and the result (a programming error,
// which the rule fixtures find; a rule's literal says what it reads).
func ResultOf[T any](p *Pass, s *Shared[T]) T {
	if p.Rule == nil || !slices.Contains(p.Rule.Requires, Requirement(s)) {
		id := "(none)"
		if p.Rule != nil {
			id = p.Rule.ID
		}
		panic(fmt.Sprintf("checks: rule %s reads the shared result %q without listing it in Rule.Requires", id, s.name))
	}
	if !slices.Contains(p.asked, Requirement(s)) {
		p.asked = append(p.asked, s)
	}
	return resultOf(p, s)
}

// resultOf is ResultOf without the declaration check, for the runner (the
// summaries read the same results) and for results that build on others.
// With no message state (p.Decoded nil) it computes the result each time.
func resultOf[T any](p *Pass, s *Shared[T]) T {
	if p.Decoded == nil {
		return s.compute(p)
	}
	if v, ok := p.Decoded.shared[s]; ok {
		return v.(T)
	}
	v := s.compute(p)
	if p.Decoded.shared == nil {
		p.Decoded.shared = map[Requirement]any{}
	}
	p.Decoded.shared[s] = v
	return v
}
