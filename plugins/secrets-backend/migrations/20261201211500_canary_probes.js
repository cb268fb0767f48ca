// @ts-check

/**
 * Canary probes: one row per cluster and probe, with the end-to-end propagation time or why it
 * failed. Times are ISO-8601 UTC strings, as in the rotation tables. No column holds a value.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_canary_probes', table => {
    table.increments('id');
    table.string('probe_id', 64).notNullable();
    table.string('cluster', 253).notNullable();
    table.string('at', 32).notNullable();
    table.string('outcome', 16).notNullable();
    table.integer('propagation_ms').nullable();
    table.text('reason').nullable();
    table.index(['cluster', 'id']);
    table.index(['at']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secrets_canary_probes');
};
