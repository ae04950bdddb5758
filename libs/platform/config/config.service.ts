import { ConfigOf, ConfigSlice, ConfigSpec } from './config-entry';
import { Environment, loadSlice } from './load-config';

/**
 * The only reader of the environment (style.md §11). Start-up has already validated every slice, so a problem here
 * is a programming error (a slice missing from the manifest).
 */
export class ConfigService {
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly env: Environment) {}

  get<S extends ConfigSpec>(slice: ConfigSlice<S>): ConfigOf<S> {
    const cached = this.cache.get(slice.name);
    if (cached) return cached as ConfigOf<S>;
    const { value, problems } = loadSlice(slice, this.env);
    if (problems.length > 0) throw new Error(`configuration slice ${slice.name} is invalid: ${problems.join('; ')}`);
    this.cache.set(slice.name, value);
    return value;
  }

  /** Whether a variable was set at all (providers use it to tell "sandbox defaults" from "half configured"). */
  isSet(envName: string): boolean {
    const value = this.env[envName];
    return value !== undefined && value !== '';
  }
}
