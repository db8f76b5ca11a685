/* `verdict problems export ID DIR`: a catalog problem as a Kattis problem
 * package (2025-09) in DIR/ID/. */
#ifndef CLI_EXPORT_H
#define CLI_EXPORT_H

/* Writes problem id of the database db as a package in out_dir/id (which must
 * not exist). Returns the exit status: 0, or 1 with the reason on stderr. */
int export_main(const char *db, const char *id, const char *out_dir);

#endif
