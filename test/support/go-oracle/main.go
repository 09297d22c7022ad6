// Command go-template-oracle is eso-render's reference for Go templates: it renders template
// cases with Go's own text/template and Sprig, so the tests can compare the TypeScript engine
// with the real thing (test/support/go-oracle.ts drives it).
//
// Protocol, one case per line both ways:
//
//	stdin:  {"id", "template", "data", "funcs", "dataKind", "missingkey", "delims"}
//	        (the format of test/conformance/gotemplate/*.jsonl; other fields are ignored)
//	stdout: {"id","out"} when the case renders, {"id","out":"","err","phase"} when it fails,
//	        phase being "input" (the line is not JSON), "data", "parse" or "exec".
//
// funcs "builtin" (or absent) gives Go's builtins only; any other value gives Sprig's text
// function map without env, expandenv and getHostByName, which ESO removes. dataKind
// "map[string]string" decodes data into a typed string map (how ESO hands secret data to
// templates); otherwise data is decoded as encoding/json decodes into interface{} (every number a
// float64), and an absent data is nil. The output goes through encoding/json, so bytes that are
// not UTF-8 come out as U+FFFD.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

type request struct {
	ID         string          `json:"id"`
	Template   string          `json:"template"`
	Data       json.RawMessage `json:"data"`
	Funcs      string          `json:"funcs"`
	DataKind   string          `json:"dataKind"`
	MissingKey string          `json:"missingkey"`
	Delims     []string        `json:"delims"`
}

type answer struct {
	ID    string `json:"id"`
	Out   string `json:"out"`
	Err   string `json:"err,omitempty"`
	Phase string `json:"phase,omitempty"`
}

// removedByESO are the Sprig functions ESO's template engine takes out of the map.
var removedByESO = []string{"env", "expandenv", "getHostByName"}

func functions(set string) template.FuncMap {
	if set == "" || set == "builtin" {
		return nil
	}
	m := sprig.TxtFuncMap()
	for _, name := range removedByESO {
		delete(m, name)
	}
	return m
}

func input(r request) (interface{}, error) {
	if len(r.Data) == 0 {
		return nil, nil
	}
	if r.DataKind == "map[string]string" {
		var typed map[string]string
		if err := json.Unmarshal(r.Data, &typed); err != nil {
			return nil, err
		}
		return typed, nil
	}
	var v interface{}
	if err := json.Unmarshal(r.Data, &v); err != nil {
		return nil, err
	}
	return v, nil
}

func render(r request) (a answer) {
	a.ID = r.ID
	fail := func(phase string, err error) answer {
		return answer{ID: r.ID, Err: err.Error(), Phase: phase}
	}
	// text/template turns a panicking function into an error itself; this guard keeps one case
	// that still panics (inside the engine) from taking the remaining cases down with it.
	defer func() {
		if p := recover(); p != nil {
			a = fail("exec", fmt.Errorf("panic: %v", p))
		}
	}()
	data, err := input(r)
	if err != nil {
		return fail("data", fmt.Errorf("data: %w", err))
	}
	t := template.New("t")
	if fm := functions(r.Funcs); fm != nil {
		t = t.Funcs(fm)
	}
	if r.MissingKey != "" {
		t = t.Option("missingkey=" + r.MissingKey)
	}
	if len(r.Delims) == 2 {
		t = t.Delims(r.Delims[0], r.Delims[1])
	}
	if _, err := t.Parse(r.Template); err != nil {
		return fail("parse", err)
	}
	var out strings.Builder
	if err := t.Execute(&out, data); err != nil {
		return fail("exec", err)
	}
	a.Out = out.String()
	return a
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 64<<20)
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	for in.Scan() {
		line := in.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var r request
		if err := json.Unmarshal(line, &r); err != nil {
			enc.Encode(answer{Err: "bad input line: " + err.Error(), Phase: "input"})
			continue
		}
		enc.Encode(render(r))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "go-template-oracle: reading stdin:", err)
		w.Flush()
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		os.Exit(1)
	}
}
