package main

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime/serializer"
	clientscheme "k8s.io/client-go/kubernetes/scheme"
)

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: x }
spec:
  selector: { matchLabels: { a: b } }
  template:
    metadata: { labels: { a: b } }
    spec:
      containers: [{ name: x, image: x }]
`

func TestStrictDecodingRejectsWhatTheAPIDoesNotKnow(t *testing.T) {
	decoder := serializer.NewCodecFactory(clientscheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	if err := decodeStrict(decoder, []byte(deployment)); err != nil {
		t.Fatalf("a valid Deployment was refused: %v", err)
	}
	cases := map[string]string{
		"unknown field":   strings.Replace(deployment, "selector:", "replicaz: 3\n  selector:", 1),
		"duplicate field": strings.Replace(deployment, "metadata: { name: x }", "metadata: { name: x, name: y }", 1),
		"wrong type":      strings.Replace(deployment, "selector:", "replicas: three\n  selector:", 1),
		"unknown kind":    strings.Replace(deployment, "kind: Deployment", "kind: Deploymint", 1),
		"topic field":     "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: { name: t, labels: { strimzi.io/cluster: c } }\nspec: { partitions: 1, replicas: 3, replicationFactor: 3 }\n",
		"topic isr":       "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: { name: t, labels: { strimzi.io/cluster: c } }\nspec: { partitions: 1, replicas: 1, config: { min.insync.replicas: \"2\" } }\n",
	}
	for name, doc := range cases {
		if err := decodeStrict(decoder, []byte(doc)); err == nil {
			t.Errorf("%s: accepted, want an error", name)
		}
	}
}

func TestSubsetsListsEveryCombination(t *testing.T) {
	got := subsets([]string{"a", "b", "c"})
	if len(got) != 8 {
		t.Fatalf("got %d combinations, want 8: %v", len(got), got)
	}
}
