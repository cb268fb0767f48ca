// @ts-check

/**
 * Four-eyes decisions on rotations that waited in `awaiting-approval`: who approved or denied,
 * when and why. One decision per rotation (the primary key): two approvers clicking at once get
 * one decision and one 409. Times are ISO-8601 UTC strings like the other rotation tables.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_rotation_approvals', table => {
    table
      .string('rotation_id', 64)
      .primary()
      .notNullable()
      .references('id')
      .inTable('secrets_rotations')
      .onDelete('CASCADE');
    table.string('decision', 16).notNullable();
    table.text('decided_by').notNullable();
    table.text('reason').notNullable();
    table.string('decided_at', 32).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secrets_rotation_approvals');
};
