import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { parseIntoClientConfig } from 'pg-connection-string';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const BG_MODULE = '@prisma/schema-engine-wasm/schema_engine_bg';

let lastPanic: string | undefined;

/** The message of the last panic inside the engine (then forgotten), for error reports. */
export function takeLastPanic(): string | undefined {
  const message = lastPanic;
  lastPanic = undefined;
  return message;
}

let loaded: Promise<typeof import('@prisma/schema-engine-wasm')> | undefined;

/**
 * Loads Prisma's schema engine compiled to WebAssembly. The package's main entry imports the
 * .wasm as a module, which Node cannot do, so instantiate it by hand (wasm-bindgen's contract).
 */
function loadSchemaEngineModule() {
  loaded ??= (async () => {
    // The engine reports a Rust panic through this global before throwing (the CLI sets it up).
    const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    holder.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message) => {
        lastPanic = message;
      },
    };
    const bg = (await import(BG_MODULE)) as typeof import('@prisma/schema-engine-wasm') & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const wasmPath = path.join(path.dirname(createRequire(import.meta.url).resolve(BG_MODULE)), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return loaded;
}

type PgConfig = import('pg').PoolConfig;
type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;
type PgResult = { fields: { dataTypeID: number }[]; rows: unknown[] };
type RawResult = Awaited<ReturnType<PgAdapter['queryRaw']>>;

const PG_CHAR_OID = 18; // PostgreSQL's internal one-byte "char" (pg_constraint.contype and friends)
const PG_TEXT_OID = 25;
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils
const CHAR_COLUMNS = Symbol('charColumns');

/**
 * adapter-pg 7.10 cannot map "char" columns, which the schema engine's catalog queries read
 * (on PostgreSQL 18 it failed: "Column type 'char' could not be deserialized"), and the
 * describer wants them typed as Character. Read them as text, then report them as Character;
 * the column positions travel on the rows array, so concurrent queries cannot mix them up.
 */
function mapCharColumns(adapter: PgAdapter): PgAdapter {
  const io = adapter as unknown as { performIO(query: unknown): Promise<PgResult> };
  const performIO = io.performIO.bind(adapter);
  io.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns = result.fields.flatMap((field, i) => (field.dataTypeID === PG_CHAR_OID ? [i] : []));
    for (const i of charColumns) result.fields[i]!.dataTypeID = PG_TEXT_OID;
    if (charColumns.length) Object.defineProperty(result.rows, CHAR_COLUMNS, { value: charColumns });
    return result;
  };
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result: RawResult = await queryRaw(query);
    const charColumns = (result.rows as unknown as { [CHAR_COLUMNS]?: number[] })[CHAR_COLUMNS] ?? [];
    for (const i of charColumns) (result.columnTypes as number[])[i] = CHARACTER_COLUMN;
    return result;
  };
  return adapter;
}

/**
 * PrismaPg fitted for the schema engine. Besides "char" above: upstream opens the shadow
 * database pool with { ...config, database }, which a connectionString overrides, and drops
 * that database before closing the pool connected to it.
 */
class PrismaPgForMigrations extends PrismaPg {
  /** Every connection handed to the engine: engine.free() does not close them. */
  readonly opened = new Set<PgAdapter>();

  constructor(private readonly pgConfig: PgConfig) {
    super(pgConfig);
  }

  override async connect() {
    const adapter = mapCharColumns(await super.connect());
    this.opened.add(adapter);
    return adapter;
  }

  /** Closes every connection the engine opened (and so releases its advisory lock). */
  async disposeAll(): Promise<void> {
    const adapters = [...this.opened];
    this.opened.clear();
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
  }

  override async connectToShadowDb() {
    const admin = await super.connect(); // not tracked: the shadow's dispose closes it
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = mapCharColumns(await new PrismaPg({ ...this.pgConfig, database }).connect());
    const closeShadowPool = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await closeShadowPool();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.dispose();
    };
    return shadow;
  }
}

/** A schema engine bound to one database; close() frees it and its connections. */
export interface OpenSchemaEngine {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/** Opens the schema engine on one database, with the datamodel it migrates towards. */
export async function openSchemaEngine(
  connectionString: string,
  datamodel: { path: string; content: string },
  log: (message: string) => void = () => {},
): Promise<OpenSchemaEngine> {
  const { SchemaEngine } = await loadSchemaEngineModule();
  const { connectionString: _unused, ...config } = parseIntoClientConfig(connectionString);
  const factory = new PrismaPgForMigrations(config as PgConfig);
  const engine = await SchemaEngine.new(
    { datamodels: [[datamodel.path, datamodel.content]] },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await factory.disposeAll();
    },
  };
}
