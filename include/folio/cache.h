/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_CACHE_H
#define FOLIO_CACHE_H

/*
 * The summary cache's file format: a versioned header, then records of
 * variable-length integers (seven bits a byte) and length-prefixed
 * strings.  Reading is bounds-
 * checked throughout (the file is as untrusted as a document): any
 * inconsistency marks the reader bad and every later read returns zero.
 * Files are written to a temporary name and renamed, so a reader never
 * sees half a file.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* A read cursor over a cache file held in memory. */
struct cache_rd {
	const char	*p;
	size_t		 len, pos;
	bool		 bad;
};

/* Return the cache file for these library roots and this kind ("summary"):
 * $XDG_CACHE_HOME/folio/KIND-HASH.bin; the caller frees it. */
char		*cache_path(char *const *roots, size_t nroots, const char *kind);

/* Read a cache file, or its first "limit" bytes (0: all), into *data
 * (NUL-terminated; free it) if it starts with "magic"; returns the length
 * read, or 0 when missing or of another format. */
size_t		 cache_read_file(const char *path, const char *magic,
		    size_t limit, char **data);

/* Map a cache file read-only if it starts with "magic": its bytes (not
 * NUL-terminated; release them with cache_unmap()) and their length in
 * *len, or NULL when missing or of another format.  Only the pages read
 * are ever loaded. */
const char	*cache_map_file(const char *path, const char *magic,
		    size_t *len);
void		 cache_unmap(const char *p, size_t len);

/* Writing a cache file in pieces: to a temporary file, renamed over
 * "path" by cache_commit() (which frees the writer and returns 0 or -1;
 * nothing is renamed after an error). */
struct cache_out;
struct cache_out *cache_create(const char *path);
/* Write b's bytes and empty it. */
void		 cache_append(struct cache_out *, struct buf *b);
/* Bytes written so far. */
uint64_t	 cache_written(const struct cache_out *);
/* Write v as ten bytes at "at", where cache_put_u64_wide() held a place
 * for a number not known then. */
void		 cache_patch_u64(struct cache_out *, uint64_t at, uint64_t v);
int		 cache_commit(struct cache_out *);

void		 cache_put_u64(struct buf *, uint64_t);
/* The same number in ten bytes always (read by cache_get_u64 alike). */
void		 cache_put_u64_wide(struct buf *, uint64_t);
void		 cache_put_str(struct buf *, const char *);	/* NULL allowed */

uint64_t	 cache_get_u64(struct cache_rd *);
/* Return a string of the file, in place (strings are stored with their
 * NUL), and its length; NULL for a stored NULL or a bad read (then the
 * reader is bad). */
const char	*cache_get_str(struct cache_rd *, size_t *len);

#endif /* !FOLIO_CACHE_H */
