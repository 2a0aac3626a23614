/* The migrations compiled into the binary from sql/NNN_name.sql (see tools/embed_sql.py). */
#ifndef LD_MIGRATIONS_H
#define LD_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration store_migrations[];
extern const int store_migration_count;
/* The same schema in PostgreSQL's dialect, from sql/pg/NNN_name.sql (same numbers and names). */
extern const struct migration store_pg_migrations[];
extern const int store_pg_migration_count;

#endif
