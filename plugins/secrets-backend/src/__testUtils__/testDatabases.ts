import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';

/**
 * PostgreSQL wherever a connection string is given (CI sets one, with SECRETS_TEST_REQUIRE_POSTGRES),
 * as the database tests find it. Call at a test file's top level: TestDatabases registers hooks.
 */
export function postgresDatabaseIds(): TestDatabaseId[] {
  return Object.keys(process.env).flatMap(name => {
    const major =
      /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(
        name,
      )?.[1];
    return major ? [`POSTGRES_${major}` as TestDatabaseId] : [];
  });
}

/** SQLite always, plus every PostgreSQL the environment names. */
export function rotationTestDatabases(): {
  databases: TestDatabases;
  ids: TestDatabaseId[];
  postgres: TestDatabaseId[];
} {
  const postgres = postgresDatabaseIds();
  const ids: TestDatabaseId[] = ['SQLITE_3', ...postgres];
  return { databases: TestDatabases.create({ ids }), ids, postgres };
}
