package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
)

// runCompose is `k8s-check compose <file>`: it loads the compose file with compose-go and prints the resolved
// project as JSON, the same model `docker compose config --format json` prints; any problem exits 1.
func runCompose(args []string) {
	if len(args) != 1 {
		fail("usage: k8s-check compose <docker-compose.yml>")
	}
	project, err := loadCompose(context.Background(), args[0])
	if err != nil {
		fail("compose: %s: %v", args[0], err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail("compose: %s: %v", args[0], err)
	}
	fmt.Println(string(out))
}

// loadCompose loads a compose file the way Docker Compose does (compose-go: YAML, the Compose Specification
// schema, interpolation, normalization and its consistency checks, e.g. depends_on naming a defined service),
// with two differences that keep the result the same on every machine and a typo from passing:
//   - variables come from the .env file next to the compose file only, not from the caller's environment;
//   - a variable that is unset and has no default (`$X`, `${X}`) is an error, where Docker Compose warns and
//     substitutes a blank string. `${X:-default}`, `${X?message}` and `$$` keep their usual meaning.
func loadCompose(ctx context.Context, file string) (*types.Project, error) {
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, err
	}
	options, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(dir),
		cli.WithEnvFiles(),
		cli.WithDotEnv,
		cli.WithLoadOptions(func(o *loader.Options) {
			// Also applied to the bare options that only read the files, which have no interpolation.
			if o.Interpolate != nil {
				o.Interpolate.Substitute = substituteStrictly
			}
		}),
	)
	if err != nil {
		return nil, err
	}
	return cli.ProjectFromOptions(ctx, options)
}

func substituteStrictly(tmpl string, mapping template.Mapping) (string, error) {
	return template.SubstituteWithOptions(tmpl, mapping, template.WithoutLogging,
		template.WithReplacementFunction(func(s string, m template.Mapping, cfg *template.Config) (string, error) {
			value, found, err := template.DefaultReplacementAppliedFunc(s, m, cfg)
			if err == nil && !found {
				err = fmt.Errorf("variable in %q is not set and has no default (write ${NAME:-default} or set it in .env)", s)
			}
			return value, err
		}))
}
