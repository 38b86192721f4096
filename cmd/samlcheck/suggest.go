package main

import "strings"

// suggest returns the candidate the mistyped word most likely meant, or ""
// when none is close: a candidate whose last "/"-separated part is the word
// ("nameid-format" means "idc/nameid-format"; the first such candidate in
// order when several are), else the one nearest in edit distance when that
// distance is at most a third of the word's length, rounded (at least 1,
// at most 3).
func suggest(word string, candidates []string) string {
	for _, c := range candidates {
		if i := strings.LastIndex(c, "/"); i >= 0 && c[i+1:] == word {
			return c
		}
	}
	best, bestDist := "", max(min((len(word)+1)/3, 3), 1)+1
	for _, c := range candidates {
		d := editDistance(word, c)
		if i := strings.LastIndex(c, "/"); i >= 0 {
			d = min(d, editDistance(word, c[i+1:]))
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b (insertions,
// deletions and substitutions of bytes, each costing 1), with one
// transposition of neighbours also costing 1 ("chekc" is one from "check").
func editDistance(a, b string) int {
	// d[i][j] is the distance of a[:i] and b[:j]; three rows suffice.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
