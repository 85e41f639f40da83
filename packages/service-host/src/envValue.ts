/**
 * An environment variable's value, or undefined when it is unset or empty: compose files and manifests often
 * leave `NAME=` behind, and an empty setting means "not set" everywhere in the host.
 */
export const envValue = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name];
  return value === '' ? undefined : value;
};
