/*
 * floor: what reading a library costs at the least, the reference for
 * folio's cold scan: every document read into one reused buffer (the
 * files in directory order, both cores), its front matter parsed with
 * libyaml's event API and its body with md4c, counting callbacks only.
 *
 *	floor [-n RUNS] DIR
 *		prints "docs N", "bytes N" and the best over RUNS runs of
 *		"ms MS"
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <md4c.h>
#include <yaml.h>

static char	**paths;
static size_t	 npaths, cap;
static atomic_size_t next;
static atomic_ullong total;

/* Return the monotonic time in milliseconds. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Collect the documents under "dir" (.md, .markdown, .txt, .vtt, .srt). */
static void
walk(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	char		 p[4096];
	const char	*x;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (de->d_type == DT_DIR) {
			walk(p);
			continue;
		}
		if ((x = strrchr(de->d_name, '.')) == NULL ||
		    (strcmp(x, ".md") != 0 && strcmp(x, ".markdown") != 0 &&
		    strcmp(x, ".txt") != 0 && strcmp(x, ".vtt") != 0 &&
		    strcmp(x, ".srt") != 0))
			continue;
		if (npaths == cap) {
			cap = cap ? 2 * cap : 1024;
			paths = realloc(paths, cap * sizeof(*paths));
		}
		paths[npaths++] = strdup(p);
	}
	closedir(d);
}

/* md4c callbacks: count only. */
static int
blk(MD_BLOCKTYPE t, void *d, void *u)
{
	(void)t; (void)d;
	(*(size_t *)u)++;
	return 0;
}

static int
spn(MD_SPANTYPE t, void *d, void *u)
{
	(void)t; (void)d;
	(*(size_t *)u)++;
	return 0;
}

static int
txt(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
	(void)t; (void)s; (void)n;
	(*(size_t *)u)++;
	return 0;
}

/* The front matter's end: the byte after its closing line, or 0. */
static size_t
fm_end(const char *s, size_t len, size_t *yl)
{
	const char	*p, *nl;

	if (len < 4 || memcmp(s, "---\n", 4) != 0)
		return 0;
	for (p = s + 4; p < s + len; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(s + len - p))) == NULL)
			return 0;
		if ((nl - p == 3 && (memcmp(p, "---", 3) == 0 ||
		    memcmp(p, "...", 3) == 0))) {
			*yl = (size_t)(p - s) - 4;
			return (size_t)(nl - s) + 1;
		}
	}
	return 0;
}

/* Parse the front matter with libyaml's events. */
static void
yaml(const char *s, size_t n)
{
	yaml_parser_t	 p;
	yaml_event_t	 ev;
	int		 done = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev))
			break;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
}

static void *
work(void *arg)
{
	MD_PARSER	 md = { 0, MD_DIALECT_GITHUB | MD_FLAG_WIKILINKS, blk,
			    blk, spn, spn, txt, NULL, NULL };
	char		*buf = NULL;
	size_t		 bcap = 0, i, len, body, yl = 0, cb = 0;
	ssize_t		 r;
	struct stat	 sb;
	int		 fd;

	(void)arg;
	while ((i = atomic_fetch_add(&next, 1)) < npaths) {
		if ((fd = open(paths[i], O_RDONLY)) == -1)
			continue;
		if (fstat(fd, &sb) == -1) {
			close(fd);
			continue;
		}
		if ((size_t)sb.st_size + 1 > bcap) {
			bcap = (size_t)sb.st_size + 65536;
			buf = realloc(buf, bcap);
		}
		for (len = 0; (r = read(fd, buf + len, bcap - len - 1)) > 0;)
			len += (size_t)r;
		close(fd);
		buf[len] = '\0';
		atomic_fetch_add(&total, len);
		if ((body = fm_end(buf, len, &yl)) > 0)
			yaml(buf + 4, yl);
		md_parse(buf + body, (MD_SIZE)(len - body), &md, &cb);
	}
	free(buf);
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t	 th;
	double		 t, best = 1e18;
	int		 runs = 3, k;

	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		runs = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: floor [-n RUNS] DIR\n");
		return 2;
	}
	walk(argv[1]);
	for (k = 0; k < runs; k++) {
		atomic_store(&next, 0);
		atomic_store(&total, 0);
		t = now_ms();
		if (pthread_create(&th, NULL, work, NULL) != 0)
			work(NULL);
		else {
			work(NULL);
			pthread_join(th, NULL);
		}
		t = now_ms() - t;
		if (t < best)
			best = t;
	}
	printf("docs %zu\nbytes %llu\nms %.1f\n", npaths,
	    (unsigned long long)atomic_load(&total), best);
	return 0;
}
