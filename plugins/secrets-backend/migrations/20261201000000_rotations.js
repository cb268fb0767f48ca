// @ts-check

/**
 * Rotations, their per-cluster progress and their event log. Times are ISO-8601 UTC strings (the
 * same text sorts and compares alike on SQLite and PostgreSQL); plans and details are JSON text of
 * metadata only: no column may ever hold a secret value.
 *
 * `active_key` is the rotated key's id while the rotation is not terminal and NULL afterwards: a
 * unique column that NULLs do not collide in gives "one active rotation per key" on every
 * database, without partial indexes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_rotations', table => {
    table.string('id', 64).primary().notNullable();
    table.string('kind', 16).notNullable();
    table.string('trigger', 16).notNullable();
    table.string('state', 32).notNullable();
    table.text('entity_ref').notNullable();
    table.string('group_id', 128).notNullable();
    table.string('key_id', 512).notNullable();
    table.string('active_key', 512).nullable().unique();
    table.text('requested_by').notNullable();
    table.text('reason').notNullable();
    table.string('idempotency_key', 128).nullable();
    table.integer('rollback_to').nullable();
    table.string('rollback_of', 64).nullable();
    table.integer('version_before').nullable();
    table.integer('version_after').nullable();
    table.text('plan').notNullable();
    table.text('error').nullable();
    table.string('lease_owner', 128).nullable();
    table.string('lease_expires_at', 32).nullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('finished_at', 32).nullable();
    table.unique(['requested_by', 'idempotency_key']);
    table.index(['entity_ref', 'created_at']);
    table.index(['key_id', 'created_at']);
    table.index(['state']);
  });

  await knex.schema.createTable('secrets_rotation_targets', table => {
    table
      .string('rotation_id', 64)
      .notNullable()
      .references('id')
      .inTable('secrets_rotations')
      .onDelete('CASCADE');
    table.string('cluster', 253).notNullable();
    table.string('state', 32).notNullable();
    table.text('reason').nullable();
    table.text('detail').notNullable();
    table.string('started_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('finished_at', 32).nullable();
    table.primary(['rotation_id', 'cluster']);
  });

  await knex.schema.createTable('secrets_rotation_events', table => {
    table.increments('id');
    table
      .string('rotation_id', 64)
      .notNullable()
      .references('id')
      .inTable('secrets_rotations')
      .onDelete('CASCADE');
    table.string('at', 32).notNullable();
    table.string('type', 64).notNullable();
    table.string('cluster', 253).nullable();
    table.text('message').notNullable();
    table.index(['rotation_id', 'id']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secrets_rotation_events');
  await knex.schema.dropTable('secrets_rotation_targets');
  await knex.schema.dropTable('secrets_rotations');
};
