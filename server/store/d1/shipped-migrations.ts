/**
 * The files in ../migrations, which `wrangler d1 migrations apply` runs on D1. A Worker cannot list
 * a folder at run time, so readiness compares D1's `d1_migrations` with this list;
 * test/server/observability/readiness-database.test.ts holds it equal to the folder, so a new
 * migration fails that test until its name is added here.
 */
export const SHIPPED_SQLITE_MIGRATIONS: readonly string[] = [
  '0001_initial.sql',
  '0002_feedback_category.sql',
  '0003_admin.sql',
  '0004_stats_rollups.sql',
  '0005_comment_search.sql',
  '0006_anti_spam.sql',
  '0007_forwarding.sql',
  '0008_digests.sql',
  '0009_request_counts.sql',
  '0010_follow_up.sql',
];
