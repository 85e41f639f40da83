// k8s-check builds every kustomize overlay with every optional component and decodes each resulting
// manifest strictly (unknown or duplicate fields are errors) against the Kubernetes API types pinned in
// go.mod, plus the Strimzi KafkaTopic and cert-manager Issuer and Certificate shapes. It needs no cluster and no network once modules are fetched.
//
//	go run ./infra/k8s-check k8s
//
// `k8s-check compose <file>` instead loads a Docker Compose file with compose-go, the loader Docker Compose
// itself uses, and prints the resolved project as JSON (see compose.go).
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/yaml"
	clientscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	sigsyaml "sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "compose" {
		runCompose(os.Args[2:])
		return
	}
	root := "k8s"
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	overlays := subdirs(filepath.Join(root, "overlays"))
	components := subdirs(filepath.Join(root, "components"))
	if len(overlays) == 0 {
		fail("no overlays under %s/overlays", root)
	}
	decoder := serializer.NewCodecFactory(clientscheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	total, builds := 0, 0
	for _, overlay := range overlays {
		for _, combo := range subsets(components) {
			docs, err := build(root, overlay, combo)
			label := overlay + "+" + strings.Join(combo, "+")
			if err != nil {
				fail("%s: kustomize build failed: %v", label, err)
			}
			for i, doc := range docs {
				if err := decodeStrict(decoder, doc); err != nil {
					fail("%s: document %d: %v", label, i, err)
				}
			}
			builds++
			total += len(docs)
			fmt.Printf("ok %-60s %3d manifests\n", label, len(docs))
		}
	}
	fmt.Printf("k8s-check: %d builds, %d manifests decoded strictly against %s\n", builds, total, apiVersionNote)
}

const apiVersionNote = "k8s.io/api v0.37.2"

// build writes a throw-away kustomization that takes the overlay and the chosen components, then runs kustomize.
func build(root, overlay string, combo []string) ([][]byte, error) {
	fs := filesys.MakeFsOnDisk()
	tmp, err := os.MkdirTemp(root, ".check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	k := types.Kustomization{Resources: []string{filepath.Join("..", "overlays", overlay)}}
	for _, c := range combo {
		k.Components = append(k.Components, filepath.Join("..", "components", c))
	}
	out, err := sigsyaml.Marshal(k)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "kustomization.yaml"), out, 0o644); err != nil {
		return nil, err
	}
	resMap, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fs, tmp)
	if err != nil {
		return nil, err
	}
	var docs [][]byte
	for _, r := range resMap.Resources() {
		y, err := r.AsYAML()
		if err != nil {
			return nil, err
		}
		docs = append(docs, y)
	}
	return docs, nil
}

func decodeStrict(decoder runtime.Decoder, doc []byte) error {
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.NewYAMLOrJSONDecoder(bytes.NewReader(doc), 4096).Decode(&meta); err != nil {
		return err
	}
	if meta.APIVersion == "kafka.strimzi.io/v1beta2" && meta.Kind == "KafkaTopic" {
		var topic kafkaTopic
		if err := sigsyaml.UnmarshalStrict(doc, &topic); err != nil {
			return fmt.Errorf("KafkaTopic: %w", err)
		}
		return topic.validate()
	}
	if meta.APIVersion == "cert-manager.io/v1" {
		return decodeCertManager(meta.Kind, doc)
	}
	_, _, err := decoder.Decode(doc, nil, nil)
	if err != nil {
		return fmt.Errorf("%s %s: %w", meta.APIVersion, meta.Kind, err)
	}
	return nil
}

func subdirs(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// subsets lists every combination of the optional components, the empty one first.
func subsets(items []string) [][]string {
	out := [][]string{{}}
	for _, item := range items {
		n := len(out)
		for i := 0; i < n; i++ {
			combo := append(append([]string{}, out[i]...), item)
			out = append(out, combo)
		}
	}
	return out
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "k8s-check: "+format+"\n", args...)
	os.Exit(1)
}
