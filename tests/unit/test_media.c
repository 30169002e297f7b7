/* SPDX-License-Identifier: ISC */
/* Local media: yt-dlp's download names found in folders made here. */
#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/config.h"
#include "folio/media.h"
#include "folio/xmalloc.h"
#include "t.h"

#define ID	"Qx7LmP2vT9a"

static char	 root[] = "/tmp/folio-media.XXXXXX";

/* Make a file (and its folders) under the root. */
static void
touch(const char *rel)
{
	char	*p = xasprintf("%s/%s", root, rel), *s;
	FILE	*fp;

	for (s = p + strlen(root) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	if ((fp = fopen(p, "w")) != NULL) {
		fputs("x", fp);
		fclose(fp);
	}
	free(p);
}

/* The found path relative to the root, or "" (owned by a static). */
static const char *
found(const char *id, const char *const *dirs, size_t n)
{
	static char	 rel[512];
	char		*f = media_find(id, dirs, n);

	snprintf(rel, sizeof(rel), "%s", f == NULL ? "" : f + strlen(root) +
	    1);
	free(f);
	return rel;
}

static void
test_names(void)
{
	T_EQ(media_name_rank(ID ".mkv", ID), 1);
	T_EQ(media_name_rank(ID ".MP4", ID), 2);
	T_EQ(media_name_rank("A Talk [" ID "].webm", ID), 3);
	T_EQ(media_name_rank("A Talk [" ID "].m4a", ID), 4);
	T_EQ(media_name_rank(ID ".mp3", ID), 5);
	T_EQ(media_name_rank(ID ".opus", ID), 6);
	T_EQ(media_name_rank(ID ".ogg", ID), 7);
	T_EQ(media_name_rank(ID ".mkv.part", ID), 0);
	T_EQ(media_name_rank(ID ".en.vtt", ID), 0);
	T_EQ(media_name_rank(ID ".txt", ID), 0);
	T_EQ(media_name_rank("x" ID ".mkv", ID), 0);
	T_EQ(media_name_rank("A Talk [" ID "] 2.mkv", ID), 0);
	T_EQ(media_name_rank("A Talk " ID ".mkv", ID), 0);
	T_EQ(media_name_rank("A Talk [AAAAAAAAAAA].mkv", ID), 0);
	T_EQ(media_name_rank(".mkv", ID), 0);
	T_EQ(media_name_rank("bad.mkv", "bad"), 0);
}

static void
test_find(void)
{
	const char	*dirs[2];
	char		*media;

	T_CHECK(mkdtemp(root) != NULL);
	dirs[0] = root;
	T_STREQ(found(ID, dirs, 1), "");
	touch("notes/talk.md");
	touch(ID ".mkv.part");
	touch(ID ".info.json");
	touch(".hidden/" ID ".mkv");
	touch("Other [AAAAAAAAAAA].mkv");
	T_STREQ(found(ID, dirs, 1), "");
	touch("audio/" ID ".mp3");
	T_STREQ(found(ID, dirs, 1), "audio/" ID ".mp3");
	/* A video beats audio, wherever it is. */
	touch("videos/2024/A Talk [" ID "].webm");
	T_STREQ(found(ID, dirs, 1), "videos/2024/A Talk [" ID "].webm");
	/* Too deep is not looked at. */
	touch("a/b/c/d/e/f/" ID ".mkv");
	T_STREQ(found(ID, dirs, 1), "videos/2024/A Talk [" ID "].webm");
	/* A folder with a media name is not a file. */
	touch(ID ".mp4/inside.txt");
	T_STREQ(found(ID, dirs, 1), "videos/2024/A Talk [" ID "].webm");
	/* A media folder from the configuration. */
	touch("dl/" ID ".mkv");
	media = xasprintf("%s/dl", root);
	dirs[0] = "/nonexistent";
	dirs[1] = media;
	T_STREQ(found(ID, dirs, 2), "dl/" ID ".mkv");
	T_STREQ(found("AAAAAAAAAAA", dirs, 2), "");
	T_CHECK(media_find("not an id", dirs, 2) == NULL);
	free(media);
}

static void
test_config(void)
{
	struct folio_err err;
	struct config	 cfg;
	char		*path = xasprintf("%s/config.yaml", root);
	FILE		*fp = fopen(path, "w");

	T_CHECK(fp != NULL);
	fputs("media:\n  - /srv/videos\n  - ~/Downloads\n", fp);
	fclose(fp);
	setenv("HOME", "/home/reader", 1);
	T_EQ(config_load(&cfg, path, true, &err), 0);
	T_EQ(cfg.nmedia, 2);
	T_STREQ(cfg.media[0], "/srv/videos");
	T_STREQ(cfg.media[1], "/home/reader/Downloads");
	config_free(&cfg);
	fp = fopen(path, "w");
	fputs("media: [1, [2]]\n", fp);
	fclose(fp);
	T_EQ(config_load(&cfg, path, true, &err), -1);
	config_free(&cfg);
	free(path);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void
test_cleanup(void)
{
	/* The test's own temporary folder. */
	T_EQ(nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

T_LIST(test_names, test_find, test_config, test_cleanup)
