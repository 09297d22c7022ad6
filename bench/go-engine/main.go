// go-engine renders the bench's ESO template set with Go's text/template and Sprig the way ESO's
// engine v2 does: one function map built once, then per template New → missingkey=error → Funcs
// → Parse → Execute over a map[string]string. It times N renders in-process (no process start)
// and prints {"rendersPerSecond", "outputs"} (the first render of each template, for checking).
//
// Input on stdin: {"templates": {"name": "text", ...}, "data": {...}, "renders": N}
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"text/template"
	"time"

	"github.com/Masterminds/sprig/v3"
)

type input struct {
	Templates map[string]string `json:"templates"`
	Data      map[string]string `json:"data"`
	Renders   int               `json:"renders"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	funcs := sprig.TxtFuncMap()
	for _, name := range []string{"env", "expandenv", "getHostByName"} {
		delete(funcs, name)
	}
	names := make([]string, 0, len(in.Templates))
	for name := range in.Templates {
		names = append(names, name)
	}
	sort.Strings(names)
	outputs := map[string]string{}
	render := func(i int) {
		name := names[i%len(names)]
		// Each copy is unique, as on the TypeScript side, so no parse can be reused.
		text := fmt.Sprintf("{{/* %d */}}%s", i, in.Templates[name])
		t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(text)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, in.Data); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if i < len(names) {
			outputs[name] = b.String()
		}
	}
	for i := 0; i < in.Renders/10; i++ {
		render(i)
	}
	start := time.Now()
	for i := 0; i < in.Renders; i++ {
		render(i)
	}
	rate := float64(in.Renders) / time.Since(start).Seconds()
	// Execute alone: each template parsed once, then executed round-robin (what the TypeScript
	// engine does when many ExternalSecrets share a template and its parse is cached).
	parsed := make([]*template.Template, len(names))
	for i, name := range names {
		t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(in.Templates[name])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		parsed[i] = t
	}
	execute := func(i int) {
		var b bytes.Buffer
		if err := parsed[i%len(parsed)].Execute(&b, in.Data); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	for i := 0; i < in.Renders/10; i++ {
		execute(i)
	}
	start = time.Now()
	for i := 0; i < in.Renders; i++ {
		execute(i)
	}
	executeRate := float64(in.Renders) / time.Since(start).Seconds()
	json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"rendersPerSecond": rate, "executesPerSecond": executeRate, "outputs": outputs})
}
