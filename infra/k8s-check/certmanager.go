package main

import (
	"fmt"

	sigsyaml "sigs.k8s.io/yaml"
)

// The fields of cert-manager's cert-manager.io/v1 Issuer and Certificate that the tls component uses; strict
// decoding into them rejects any field cert-manager would not know.

type objectMeta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type issuerRef struct {
	Name  string `json:"name"`
	Kind  string `json:"kind,omitempty"`
	Group string `json:"group,omitempty"`
}

type certManagerIssuer struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   objectMeta `json:"metadata"`
	Spec       struct {
		SelfSigned *struct{} `json:"selfSigned,omitempty"`
		CA         *struct {
			SecretName string `json:"secretName"`
		} `json:"ca,omitempty"`
	} `json:"spec"`
}

type certManagerCertificate struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   objectMeta `json:"metadata"`
	Spec       struct {
		SecretName  string   `json:"secretName"`
		IsCA        bool     `json:"isCA,omitempty"`
		CommonName  string   `json:"commonName,omitempty"`
		DNSNames    []string `json:"dnsNames,omitempty"`
		Duration    string   `json:"duration,omitempty"`
		RenewBefore string   `json:"renewBefore,omitempty"`
		Usages      []string `json:"usages,omitempty"`
		PrivateKey  *struct {
			Algorithm      string `json:"algorithm,omitempty"`
			Size           int    `json:"size,omitempty"`
			RotationPolicy string `json:"rotationPolicy,omitempty"`
		} `json:"privateKey,omitempty"`
		IssuerRef issuerRef `json:"issuerRef"`
	} `json:"spec"`
}

var certificateUsages = map[string]bool{
	"digital signature": true, "key encipherment": true, "server auth": true, "client auth": true,
	"cert sign": true, "crl sign": true,
}

func decodeCertManager(kind string, doc []byte) error {
	switch kind {
	case "Issuer", "ClusterIssuer":
		var issuer certManagerIssuer
		if err := sigsyaml.UnmarshalStrict(doc, &issuer); err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		if (issuer.Spec.SelfSigned == nil) == (issuer.Spec.CA == nil) {
			return fmt.Errorf("%s %s: exactly one of selfSigned and ca", kind, issuer.Metadata.Name)
		}
		return nil
	case "Certificate":
		var cert certManagerCertificate
		if err := sigsyaml.UnmarshalStrict(doc, &cert); err != nil {
			return fmt.Errorf("Certificate: %w", err)
		}
		if cert.Spec.SecretName == "" || cert.Spec.IssuerRef.Name == "" {
			return fmt.Errorf("Certificate %s: secretName and issuerRef.name are required", cert.Metadata.Name)
		}
		if !cert.Spec.IsCA && len(cert.Spec.DNSNames) == 0 && cert.Spec.CommonName == "" {
			return fmt.Errorf("Certificate %s: names no subject (dnsNames or commonName)", cert.Metadata.Name)
		}
		for _, usage := range cert.Spec.Usages {
			if !certificateUsages[usage] {
				return fmt.Errorf("Certificate %s: unknown usage %q", cert.Metadata.Name, usage)
			}
		}
		return nil
	}
	return fmt.Errorf("cert-manager.io/v1 %s: not a kind this check knows", kind)
}
