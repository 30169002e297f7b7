/*
 * gen: write a deterministic library in the styles of folio's seeds, for
 * the benchmark.  The same arguments always give the same bytes.
 *
 *	gen lib DIR N [small]	N documents: transcripts (long paragraphs
 *				or hard-wrapped captions), outline notes
 *				with wikilinks, summary tables with
 *				timestamp links, comment dumps and caption
 *				files; "small" keeps every file a few KB
 *	gen one FILE BYTES	one transcript of about BYTES bytes, mixing
 *				both transcript styles
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

/* Return the next pseudo-random number (xorshift64*). */
static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

/* Return a number in [0, n). */
static size_t
pick(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* Return a uniform number in [0, 1). */
static double
unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static const char *common[] = {
	"the", "of", "and", "to", "a", "in", "that", "is", "it", "for",
	"this", "on", "with", "as", "are", "be", "was", "you", "they", "we",
	"have", "not", "but", "at", "from", "or", "by", "an", "what", "so",
	"about", "more", "their", "there", "can", "one", "all", "which",
	"model", "models", "training", "compute", "chip", "chips", "export",
	"controls", "data", "inference", "scale", "cost", "market", "power",
	"research", "product", "team", "year", "really", "think", "going",
	"people", "because", "like", "just", "would", "could", "very",
	"really", "actually", "interesting", "question", "answer", "build",
	"factory", "yield", "wafer", "node", "memory", "bandwidth", "latency",
	"reasoning", "agents", "tokens", "benchmark", "frontier", "lab",
	"strategy", "engineers", "executives", "supply", "demand", "price",
};
#define NCOMMON (sizeof(common) / sizeof(common[0]))

static const char *rare[] = {
	"café", "naïve", "Zürich", "straße", "—", "…", "→", "“quoted”",
	"it’s", "中文", "日本語", "👍", "🇺🇸", "résumé", "o1-preview",
	"GPT-4.5", "r/microwavegang", "$1-7", "20%", "#459",
};
#define NRARE (sizeof(rare) / sizeof(rare[0]))

static const char *companies[] = {
	"OpenAI", "TSMC", "NVIDIA", "Anthropic", "DeepSeek", "Google",
	"Microsoft", "Intel", "Samsung", "ASML", "AMD", "Meta", "xAI",
	"Apple", "Huawei", "SMIC",
};
#define NCOMP (sizeof(companies) / sizeof(companies[0]))

static const char *people[] = {
	"Sam Altman", "Jensen Huang", "Lisa Su", "Nathan Lambert",
	"Dylan Patel", "Lex Fridman", "Morris Chang", "Dario Amodei",
};
#define NPEOPLE (sizeof(people) / sizeof(people[0]))

static const char *types[] = {
	"News Roundup", "Deep Dive", "Interview", "Factory Tour", "Tutorial",
};

/* Write a pseudo-word: a common word, a rare token or a made-up word,
 * Zipf-like; returns its length. */
static size_t
word(FILE *fp)
{
	static const char *syl[] = { "ka", "ro", "mi", "ten", "sul", "va",
	    "dor", "pe", "lin", "qua", "zo", "ber", "ni", "gat", "sho" };
	double u = unit();
	size_t i, n, len = 0;

	if (u < 0.78)
		return (size_t)fprintf(fp, "%s", common[(size_t)(NCOMMON *
		    unit() * unit())]);
	if (u < 0.80)
		return (size_t)fprintf(fp, "%s", rare[pick(NRARE)]);
	if (u < 0.83)
		return (size_t)fprintf(fp, "%s", companies[pick(NCOMP)]);
	/* 60,000 made-up words, rarer ones less often */
	n = (size_t)(60000 * pow(unit(), 3));
	for (i = 0; i < 2 + n % 3; i++) {
		len += (size_t)fprintf(fp, "%s", syl[(n / (i + 1) + i) % 15]);
		n = n * 7 + 3;
	}
	return len;
}

/* Write a sentence of n words; returns its length. */
static size_t
sentence(FILE *fp, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		if (i > 0)
			len += (size_t)fprintf(fp, " ");
		len += word(fp);
	}
	return len + (size_t)fprintf(fp, ". ");
}

/* Write an 11-character YouTube id. */
static void
video_id(char *out)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno"
	    "pqrstuvwxyz0123456789_-";
	int i;

	for (i = 0; i < 11; i++)
		out[i] = al[pick(sizeof(al) - 1)];
	out[11] = '\0';
}

/* Write a transcript's front matter (seed 000's shape). */
static void
transcript_fm(FILE *fp, const char *vid, long secs, size_t n)
{
	size_t i, k;

	fprintf(fp, "---\ntitle: \"");
	sentence(fp, 4 + pick(8));
	fprintf(fp, "%s\"\nvideo_id: \"%s\"\n", companies[pick(NCOMP)], vid);
	fprintf(fp, "youtube_url: \"https://www.youtube.com/watch?v=%s\"\n",
	    vid);
	fprintf(fp, "substack_url: null\npublish_date: \"20%02zu-%02zu-%02zu\""
	    "\nduration: \"%ld:%02ld\"\nview_count: %zu\n\n\n\n"
	    "# AI-enriched metadata\ncontent_type: \"%s\"\n"
	    "difficulty: \"Intermediate\"\naudience:\n  - \"Engineers\"\n"
	    "entities:\n  companies:\n", 20 + pick(6), 1 + pick(12),
	    1 + pick(28), secs / 60, secs % 60, pick(100000),
	    types[n % 5]);
	for (i = 0, k = 1 + pick(4); i < k; i++)
		fprintf(fp, "    - \"%s\"\n", companies[pick(NCOMP)]);
	fprintf(fp, "  people:\n");
	if (pick(3) == 0)
		fprintf(fp, "    []\n");
	else
		for (i = 0, k = 1 + pick(3); i < k; i++)
			fprintf(fp, "    - \"%s\"\n", people[pick(NPEOPLE)]);
	fprintf(fp, "concepts:\n  - \"yield learning\"\nkeywords:\n"
	    "  - \"ai-news\"\n  - \"tsmc\"\n---\n\n");
}

/* Write a transcript body of about "bytes": long single-line paragraphs
 * (style 0) or hard-wrapped caption lines (style 1). */
static void
transcript_body(FILE *fp, size_t bytes, int style)
{
	size_t len = 0, col = 0, w;

	while (len < bytes) {
		if (style == 0) {
			size_t p = 0, np = 4 + pick(12);

			while (p++ < np)
				len += sentence(fp, 8 + pick(20));
			len += (size_t)fprintf(fp, "\n\n");
			continue;
		}
		w = word(fp);
		len += w + 1;
		col += w + 1;
		if (pick(200) == 0)
			len += (size_t)fprintf(fp, " ## the %s",
			    companies[pick(NCOMP)]);
		if (col > 40 + pick(20)) {
			len += (size_t)fprintf(fp, pick(4) ? " \n" : "   \n");
			col = 0;
		} else
			fputc(' ', fp);
	}
	fputc('\n', fp);
}

/* Write an outline note (seed 002's shape) linking other notes. */
static void
note(FILE *fp, size_t n, size_t total, size_t bytes)
{
	size_t len = 0, d, t;

	fprintf(fp, "---\ndate: 20%02zu-%02zu-%02zu\n---\n", 20 + pick(6),
	    1 + pick(12), 1 + pick(28));
	while (len < bytes) {
		len += (size_t)fprintf(fp, "### Part %zu ", pick(50));
		len += sentence(fp, 3 + pick(4));
		fputc('\n', fp);
		for (t = 0; t < 4 + pick(8); t++) {
			d = pick(4);
			len += (size_t)fprintf(fp, "%s%s- ", d > 1 && pick(2) ?
			    "\t" : "", d == 0 ? "" : d == 1 ? "    " :
			    "        ");
			len += sentence(fp, 5 + pick(12));
			switch (pick(6)) {
			case 0:
				len += (size_t)fprintf(fp, "see [[Note %05zu]]",
				    pick(total) + 1);
				break;
			case 1:
				len += (size_t)fprintf(fp, "[[Note %05zu|that "
				    "note]]", pick(total) + 1);
				break;
			case 2:
				len += (size_t)fprintf(fp, "[[Note %05zu#Part "
				    "%zu]]", pick(total) + 1, pick(50));
				break;
			case 3:
				len += (size_t)fprintf(fp, "[[Missing %zu]]",
				    pick(1000));
				break;
			}
			fputc('\n', fp);
		}
	}
	(void)n;
}

/* Write a summary table with timestamp links (seed 003's shape). */
static void
table(FILE *fp, const char *vid, size_t bytes)
{
	size_t len = 0;
	long t = 0;

	fprintf(fp, "# %s on %s | Podcast #%zu\n\nBelow are my take-aways."
	    "\n\n| Timestamp | Topic | Details |\n|---|---|---|\n",
	    people[pick(NPEOPLE)], companies[pick(NCOMP)], pick(500));
	while (len < bytes) {
		t += 30 + (long)pick(400);
		len += (size_t)fprintf(fp, "| [%ld:%02ld](https://youtu.be/%s"
		    "?t=%ld) | **", t / 60, t % 60, vid, t);
		len += sentence(fp, 2 + pick(3));
		len += (size_t)fprintf(fp, "** | ");
		len += sentence(fp, 20 + pick(40));
		len += (size_t)fprintf(fp, "<br><br>");
		len += sentence(fp, 10 + pick(20));
		len += (size_t)fprintf(fp, pick(20) ? "|\n" : "\n");
	}
}

/* Write a comment dump (seed 001's shape). */
static void
comments(FILE *fp, size_t bytes)
{
	size_t len = 0, k = 0;

	fprintf(fp, "%zu Comments\n\n", 3 + pick(40));
	while (len < bytes) {
		len += sentence(fp, 10 + pick(30));
		len += sentence(fp, 5 + pick(20));
		len += (size_t)fprintf(fp, "\n\n");
		if (++k % 2 == 0)
			len += (size_t)fprintf(fp, "Expand full comment\n\n");
	}
}

/* Write a WebVTT caption file. */
static void
captions(FILE *fp, size_t bytes)
{
	size_t len = 0;
	long ms = 0, d;

	fprintf(fp, "WEBVTT\n\n");
	while (len < bytes) {
		d = 1500 + (long)pick(4000);
		len += (size_t)fprintf(fp, "%02ld:%02ld:%02ld.%03ld --> "
		    "%02ld:%02ld:%02ld.%03ld\n", ms / 3600000, ms / 60000 % 60,
		    ms / 1000 % 60, ms % 1000, (ms + d) / 3600000,
		    (ms + d) / 60000 % 60, (ms + d) / 1000 % 60, (ms + d) % 1000);
		len += sentence(fp, 5 + pick(8));
		len += (size_t)fprintf(fp, "\n\n");
		ms += d;
	}
}

/* Make a directory; exit on failure other than "exists". */
static void
mkdirp(const char *p)
{
	if (mkdir(p, 0755) == -1 && errno != EEXIST) {
		perror(p);
		exit(1);
	}
}

/* Open a file for writing; exit on failure. */
static FILE *
create(const char *p)
{
	FILE *fp = fopen(p, "w");

	if (fp == NULL) {
		perror(p);
		exit(1);
	}
	return fp;
}

/* Return a log-uniform size between lo and hi bytes. */
static size_t
logsize(double lo, double hi)
{
	return (size_t)exp(log(lo) + unit() * (log(hi) - log(lo)));
}

/* Write the N-document library under dir. */
static void
gen_lib(const char *dir, size_t n, int small)
{
	static const char *sub[] = { "transcripts", "notes", "summaries",
	    "comments", "captions" };
	char p[4096], vid[12];
	size_t i, k, size;
	FILE *fp;

	mkdirp(dir);
	for (k = 0; k < 5; k++) {
		snprintf(p, sizeof(p), "%s/%s", dir, sub[k]);
		mkdirp(p);
	}
	for (i = 1; i <= n; i++) {
		double u = unit();

		video_id(vid);
		if (u < 0.59) {		/* transcripts */
			size = small ? logsize(1000, 6000) :
			    logsize(20000, 200000);
			snprintf(p, sizeof(p), "%s/transcripts/t%05zu.md", dir,
			    i);
			fp = create(p);
			if (pick(2))
				transcript_fm(fp, vid, (long)(size / 16), i);
			transcript_body(fp, size, (int)pick(2));
		} else if (u < 0.84) {	/* notes */
			snprintf(p, sizeof(p), "%s/notes/Note %05zu.md", dir, i);
			fp = create(p);
			note(fp, i, n, small ? logsize(500, 3000) :
			    logsize(3000, 20000));
		} else if (u < 0.94) {	/* summary tables */
			snprintf(p, sizeof(p), "%s/summaries/s%05zu.md", dir, i);
			fp = create(p);
			table(fp, vid, small ? logsize(1000, 4000) :
			    logsize(5000, 20000));
		} else if (u < 0.99) {	/* comment dumps */
			snprintf(p, sizeof(p), "%s/comments/c%05zu.md", dir, i);
			fp = create(p);
			comments(fp, small ? logsize(500, 3000) :
			    logsize(1500, 8000));
		} else {		/* captions */
			snprintf(p, sizeof(p), "%s/captions/%s.en.vtt", dir,
			    vid);
			fp = create(p);
			captions(fp, small ? logsize(1000, 5000) :
			    logsize(10000, 80000));
		}
		if (fclose(fp) == EOF) {
			perror(p);
			exit(1);
		}
	}
}

/* Write one mixed-style transcript of about "bytes". */
static void
gen_one(const char *file, size_t bytes)
{
	char vid[12];
	FILE *fp = create(file);
	size_t part = bytes / 8 + 1, done;

	video_id(vid);
	transcript_fm(fp, vid, (long)(bytes / 16), 0);
	fprintf(fp, "# One long transcript\n\n");
	for (done = 0; done < bytes; done += part)
		transcript_body(fp, part, (int)(done / part % 2));
	if (fclose(fp) == EOF) {
		perror(file);
		exit(1);
	}
}

int
main(int argc, char *argv[])
{
	if (argc >= 4 && strcmp(argv[1], "lib") == 0) {
		gen_lib(argv[2], strtoul(argv[3], NULL, 10),
		    argc > 4 && strcmp(argv[4], "small") == 0);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "one") == 0) {
		gen_one(argv[2], strtoul(argv[3], NULL, 10));
		return 0;
	}
	fprintf(stderr, "usage: gen lib DIR N [small] | gen one FILE BYTES\n");
	return 2;
}
