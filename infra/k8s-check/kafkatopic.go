package main

import (
	"fmt"
	"strconv"
)

// kafkaTopic mirrors the fields of Strimzi's kafka.strimzi.io/v1beta2 KafkaTopic that we use; strict
// decoding into it rejects any field Strimzi would not know.
type kafkaTopic struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name        string            `json:"name"`
		Namespace   string            `json:"namespace,omitempty"`
		Labels      map[string]string `json:"labels,omitempty"`
		Annotations map[string]string `json:"annotations,omitempty"`
	} `json:"metadata"`
	Spec struct {
		TopicName  string            `json:"topicName,omitempty"`
		Partitions int               `json:"partitions"`
		Replicas   int               `json:"replicas"`
		Config     map[string]string `json:"config,omitempty"`
	} `json:"spec"`
}

// validate holds the production settings every topic must keep.
func (t kafkaTopic) validate() error {
	if t.Metadata.Labels["strimzi.io/cluster"] == "" {
		return fmt.Errorf("KafkaTopic %s: label strimzi.io/cluster is required", t.Metadata.Name)
	}
	if t.Spec.Partitions < 1 {
		return fmt.Errorf("KafkaTopic %s: partitions must be >= 1", t.Metadata.Name)
	}
	if t.Spec.Replicas < 1 {
		return fmt.Errorf("KafkaTopic %s: replicas must be >= 1", t.Metadata.Name)
	}
	if isr, ok := t.Spec.Config["min.insync.replicas"]; ok {
		n, err := strconv.Atoi(isr)
		if err != nil || n > t.Spec.Replicas {
			return fmt.Errorf("KafkaTopic %s: min.insync.replicas %q must be a number <= replicas", t.Metadata.Name, isr)
		}
	}
	return nil
}
