import { ConfigError, parseSettings, type Settings } from '../config/env';

/** Validates the environment once at startup; a bad value exits non-zero naming the variable. */
export function loadSettingsOrExit(env: Record<string, string | undefined> = process.env): Settings {
  try {
    return parseSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md, "Configuration", for every variable.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
