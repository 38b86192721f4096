package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"

	"github.com/samlcheck/samlcheck/checks/config"
)

// completion is what the completion scripts offer, computed from the
// command table, the check flags, the configuration keys and the rule
// registry, so that a new flag or rule completes without editing a script.
type completion struct {
	Commands    []commandInfo
	Flags       []string // check's flags, with their dashes
	RedactFlags []string
	Rules       []string
	Values      []flagValues // flags taking one of a few words
	FileFlags   []string     // flags taking a file name
	Shells      []string
}

// commandInfo is a command's name and summary, for the templates.
type commandInfo struct{ Name, Summary string }

// flagValues is a flag whose value is one of Words.
type flagValues struct {
	Flag  string // with its dashes
	Words []string
}

var shells = []string{"bash", "zsh", "fish", "powershell"}

func newCompletion() *completion {
	c := &completion{Rules: ruleIDs(), Shells: shells}
	for _, cmd := range commands() {
		c.Commands = append(c.Commands, commandInfo{cmd.name, cmd.summary})
	}
	for _, name := range checkFlags() {
		c.Flags = append(c.Flags, dashed(name))
	}
	c.Flags = append(c.Flags, "--help")
	c.RedactFlags = []string{"-o", "--output", "--keep-identities", "--help"}
	c.Values = []flagValues{
		{"--format", formatTable()},
		{"--profile", []string{"auto", "identity-center", "iam", "connect", "saml"}},
		{"--fail-on", []string{"error", "warning", "info", "never"}},
		{"--color", []string{"auto", "always", "never"}},
	}
	for _, k := range config.Keys() {
		if k.Flag && k.Path {
			c.FileFlags = append(c.FileFlags, dashed(k.Name))
		}
	}
	c.FileFlags = append(c.FileFlags, "--config", "-o", "--output")
	return c
}

// formatTable returns the output format names.
func formatTable() []string {
	var names []string
	for _, f := range formats {
		names = append(names, f.name)
	}
	return names
}

// runCompletion is "samlcheck completion SHELL".
func runCompletion(_ context.Context, args []string, env *environment) int {
	if len(args) != 1 {
		return usageError(env.stderr, "completion", errors.New("want one shell: bash, zsh, fish or powershell"))
	}
	shell := args[0]
	if !slices.Contains(shells, shell) {
		msg := fmt.Sprintf("unknown shell %q (want bash, zsh, fish or powershell)", shell)
		if s := suggest(shell, shells); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return usageError(env.stderr, "completion", errors.New(msg))
	}
	if err := completionTemplates.ExecuteTemplate(env.stdout, shell, newCompletion()); err != nil {
		fmt.Fprintf(env.stderr, "samlcheck: completion %s: %v\n", shell, err)
		return exitInput
	}
	return exitOK
}

var completionTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"join": strings.Join,
	"split": func(cs []commandInfo) []string {
		var names []string
		for _, c := range cs {
			names = append(names, c.Name)
		}
		return names
	},
	"names": func(cs []commandInfo) string {
		var names []string
		for _, c := range cs {
			names = append(names, c.Name)
		}
		return strings.Join(names, " ")
	},
	"pwsh": func(words []string) string {
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, "'"+w+"'")
		}
		return strings.Join(quoted, ", ")
	},
	"fishflag": func(flag string) string {
		if name, ok := strings.CutPrefix(flag, "--"); ok {
			return "-l " + name
		}
		return "-s " + strings.TrimPrefix(flag, "-")
	},
	"quote": func(s string) string { return strings.ReplaceAll(s, "'", `'\''`) },
}).Parse(bashCompletion + zshCompletion + fishCompletion + powershellCompletion))

const bashCompletion = `{{define "bash"}}# bash completion for samlcheck: source <(samlcheck completion bash)
_samlcheck() {
    local cur prev cmd
    COMPREPLY=()
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    cmd=""
    if (( COMP_CWORD > 1 )); then
        cmd="${COMP_WORDS[1]}"
    fi
    local commands="{{names .Commands}}"
    case "$prev" in
{{- range .Values}}
        {{.Flag}}) COMPREPLY=($(compgen -W "{{join .Words " "}}" -- "$cur")); return ;;
{{- end}}
        {{join .FileFlags "|"}}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    case "$cmd" in
        explain) COMPREPLY=($(compgen -W "{{join .Rules " "}}" -- "$cur")); return ;;
        completion) COMPREPLY=($(compgen -W "{{join .Shells " "}}" -- "$cur")); return ;;
        help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
        rules|version) return ;;
        redact)
            if [[ "$cur" == -* ]]; then
                COMPREPLY=($(compgen -W "{{join .RedactFlags " "}}" -- "$cur"))
            else
                COMPREPLY=($(compgen -f -- "$cur"))
            fi
            return ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "{{join .Flags " "}}" -- "$cur"))
        return
    fi
    if (( COMP_CWORD == 1 )); then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    fi
    COMPREPLY+=($(compgen -f -- "$cur"))
}
complete -o filenames -F _samlcheck samlcheck
{{end}}`

const zshCompletion = `{{define "zsh"}}#compdef samlcheck
# zsh completion for samlcheck: source <(samlcheck completion zsh), after compinit
_samlcheck() {
    local -a commands
    commands=({{names .Commands}})
    local cmd=""
    (( CURRENT > 2 )) && cmd="${words[2]}"
    case "${words[CURRENT-1]}" in
{{- range .Values}}
        {{.Flag}}) compadd -- {{join .Words " "}}; return ;;
{{- end}}
        {{join .FileFlags "|"}}) _files; return ;;
    esac
    case "$cmd" in
        explain) compadd -- {{join .Rules " "}}; return ;;
        completion) compadd -- {{join .Shells " "}}; return ;;
        help) compadd -- $commands; return ;;
        rules|version) return ;;
        redact)
            if [[ "${words[CURRENT]}" == -* ]]; then
                compadd -- {{join .RedactFlags " "}}
            else
                _files
            fi
            return ;;
    esac
    if [[ "${words[CURRENT]}" == -* ]]; then
        compadd -- {{join .Flags " "}}
        return
    fi
    (( CURRENT == 2 )) && compadd -- $commands
    _files
}
if (( $+functions[compdef] )); then
    compdef _samlcheck samlcheck
fi
{{end}}`

const fishCompletion = `{{define "fish"}}# fish completion for samlcheck: samlcheck completion fish | source
set -l samlcheck_commands {{names .Commands}}
{{- range .Commands}}
complete -c samlcheck -n "not __fish_seen_subcommand_from $samlcheck_commands" -a {{.Name}} -d '{{quote .Summary}}'
{{- end}}
complete -c samlcheck -f -n "__fish_seen_subcommand_from explain" -a '{{join .Rules " "}}'
complete -c samlcheck -f -n "__fish_seen_subcommand_from completion" -a '{{join .Shells " "}}'
complete -c samlcheck -f -n "__fish_seen_subcommand_from help" -a "$samlcheck_commands"
{{- range .Values}}
complete -c samlcheck -n "not __fish_seen_subcommand_from redact" {{fishflag .Flag}} -x -a '{{join .Words " "}}'
{{- end}}
{{- range .Flags}}
complete -c samlcheck -n "not __fish_seen_subcommand_from redact rules explain version completion help" {{fishflag .}}
{{- end}}
{{- range .RedactFlags}}
complete -c samlcheck -n "__fish_seen_subcommand_from redact" {{fishflag .}}
{{- end}}
{{end}}`

const powershellCompletion = `{{define "powershell"}}# PowerShell completion for samlcheck:
#   samlcheck completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName samlcheck -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $commands = @({{pwsh (split .Commands)}})
    $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '') { $words = $words[0..($words.Count - 2)] }
    $prev = if ($words.Count -gt 0) { $words[-1] } else { '' }
    $cmd = if ($words.Count -gt 1) { $words[1] } else { '' }
    $candidates = switch ($prev) {
{{- range .Values}}
        '{{.Flag}}' { @({{pwsh .Words}}) }
{{- end}}
        default {
            switch ($cmd) {
                'explain' { @({{pwsh .Rules}}) }
                'completion' { @({{pwsh .Shells}}) }
                'help' { $commands }
                'redact' { @({{pwsh .RedactFlags}}) }
                default {
                    if ($words.Count -le 1) { $commands + @({{pwsh .Flags}}) } else { @({{pwsh .Flags}}) }
                }
            }
        }
    }
    $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
{{end}}`
