package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const composeFile = `x-env: &env
  TAG_SUFFIX: '${SUFFIX:-}'
services:
  api:
    image: 'example/api:${TAG:-1.0}'
    environment: *env
    command: ['sh', '-c', 'echo $$HOME']
    ports: ['8080:80']
    depends_on:
      db: { condition: service_healthy }
  db:
    image: mongo:8.0
    healthcheck: { test: ['CMD', 'true'], interval: 5s }
    volumes: [data:/data/db]
volumes:
  data: {}
`

// writeCompose puts a compose file (and a .env when given) in a fresh directory and returns the file's path.
func writeCompose(t *testing.T, content, dotenv string) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "docker-compose.yml")
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if dotenv != "" {
		if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(dotenv), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return file
}

func TestComposeLoaderAcceptsAValidFile(t *testing.T) {
	project, err := loadCompose(context.Background(), writeCompose(t, composeFile, ""))
	if err != nil {
		t.Fatalf("a valid compose file was refused: %v", err)
	}
	api, err := project.GetService("api")
	if err != nil {
		t.Fatal(err)
	}
	if api.Image != "example/api:1.0" {
		t.Errorf("image %q, want the default tag interpolated", api.Image)
	}
	if got := strings.Join(api.Command, " "); got != "sh -c echo $HOME" {
		t.Errorf("command %q, want $$ unescaped to $", got)
	}
	if len(api.Ports) != 1 || api.Ports[0].Published != "8080" || api.Ports[0].Target != 80 {
		t.Errorf("ports %+v, want 8080 -> 80", api.Ports)
	}

	// A variable without default is fine once .env next to the file sets it.
	withVar := strings.Replace(composeFile, "${TAG:-1.0}", "${TAG}", 1)
	project, err = loadCompose(context.Background(), writeCompose(t, withVar, "TAG=2.0\n"))
	if err != nil {
		t.Fatalf("a variable set in .env was refused: %v", err)
	}
	if api, _ := project.GetService("api"); api.Image != "example/api:2.0" {
		t.Errorf("image %q, want the tag from .env", api.Image)
	}
}

func TestComposeLoaderRejectsBrokenFiles(t *testing.T) {
	t.Setenv("CAREBRIDGE_ONLY_IN_THE_CALLERS_ENV", "x")
	cases := map[string]struct{ from, to, wantErr string }{
		"unset variable":          {"${TAG:-1.0}", "${TAG}", `"${TAG}" is not set and has no default`},
		"unset bare variable":     {"${TAG:-1.0}", "$TAG", `"$TAG" is not set and has no default`},
		"caller's environment":    {"${TAG:-1.0}", "${CAREBRIDGE_ONLY_IN_THE_CALLERS_ENV}", "is not set"},
		"required variable":       {"${TAG:-1.0}", "${TAG?set TAG}", "set TAG"},
		"port not a number":       {"'8080:80'", "'80a:80'", "Invalid hostPort"},
		"port out of range":       {"'8080:80'", "'8080:70000'", "Invalid containerPort"},
		"undefined dependency":    {"db: { condition", "dbx: { condition", `depends on undefined service "dbx"`},
		"unknown condition":       {"service_healthy", "service_heathy", "condition"},
		"unknown service field":   {"    ports:", "    portz: []\n    ports:", "portz"},
		"undefined volume":        {"[data:/data/db]", "[dat:/data/db]", "undefined volume dat"},
		"no image and no build":   {"    image: mongo:8.0\n", "", "neither an image nor a build context"},
		"healthcheck test format": {"['CMD', 'true']", "['RUN', 'true']", "healthcheck"},
		"yaml syntax":             {"ports: ['8080:80']", "ports: ['8080:80'", "yaml"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			broken := strings.Replace(composeFile, c.from, c.to, 1)
			if broken == composeFile {
				t.Fatalf("the case does not change the file: %q not found", c.from)
			}
			_, err := loadCompose(context.Background(), writeCompose(t, broken, ""))
			if err == nil {
				t.Fatalf("accepted, want an error mentioning %q", c.wantErr)
			}
			if !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("error %q, want it to mention %q", err, c.wantErr)
			}
		})
	}
}
