/* SPDX-License-Identifier: ISC */
#include "folio/json.h"

#include <stdint.h>
#include <string.h>

#include "folio/buf.h"
#include "folio/utf8.h"

void
json_str(struct buf *b, const char *s, size_t len)
{
	size_t	 i, n;
	int32_t	 cp;

	buf_addc(b, '"');
	for (i = 0; i < len; i += n) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			size_t j = i + 1;

			while (j < len && (unsigned char)s[j] >= 0x20 &&
			    (unsigned char)s[j] < 0x7f && s[j] != '"' &&
			    s[j] != '\\')
				j++;
			buf_add(b, s + i, j - i);
			n = j - i;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == '"')
			buf_adds(b, "\\\"");
		else if (cp == '\\')
			buf_adds(b, "\\\\");
		else if (cp == '\n')
			buf_adds(b, "\\n");
		else if (cp == '\t')
			buf_adds(b, "\\t");
		else if (cp == '\r')
			buf_adds(b, "\\r");
		else if (cp < 0)
			buf_adds(b, "\\ufffd");
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    utf8_is_unsafe(cp))
			buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			buf_add(b, s + i, n);
	}
	buf_addc(b, '"');
}

void
json_cstr(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_adds(b, "null");
	else
		json_str(b, s, strlen(s));
}
