// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BCC's histogram printers (src/python/bcc/table.py _print_log2_hist,
 * _print_linear_hist, _stars), reproduced byte for byte: same headers, same
 * column widths, bucket 0 never printed in log2 form, same star rounding. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define STARS_MAX 40

static void stars(char *buf, unsigned long long val, unsigned long long val_max, int width)
{
	int i = 0;

	/* while not (i > width*val/val_max - 1 or i > width - 1): Python floats */
	while (!((double)i > ((double)width * (double)val / (double)val_max) - 1 ||
		 i > width - 1))
		buf[i++] = '*';
	buf[i] = '\0';
	if (val > val_max && i > 0)
		buf[i - 1] = '+';
}

void hist_print_log2(FILE *out, const unsigned long long *vals, int n, const char *val_type,
		     bool strip_leading_zero)
{
	unsigned long long val_max = 0;
	int idx_max = -1, width;
	char bar[STARS_MAX + 1];
	bool wide;

	for (int i = 0; i < n; i++) {
		if (vals[i] > 0)
			idx_max = i;
		if (vals[i] > val_max)
			val_max = vals[i];
	}
	wide = idx_max > 32;
	width = wide ? STARS_MAX / 2 : STARS_MAX;
	if (idx_max > 0)
		fprintf(out, wide ? "               %-29s : count     distribution\n"
				  : "     %-19s : count     distribution\n", val_type);
	for (int i = 1; i <= idx_max; i++) {
		/* Python's (1 << i) >> 1 and (1 << i) - 1, without shifting by 64 */
		unsigned long long low = 1ULL << (i - 1), high = i == 64 ? ~0ULL : (1ULL << i) - 1;

		if (low == high)
			low--;
		if (strip_leading_zero) {
			if (!vals[i])
				continue;
			strip_leading_zero = false;
		}
		stars(bar, vals[i], val_max, width);
		if (wide)
			fprintf(out, "%20llu -> %-20llu : %-8llu |%-*s|\n", low, high, vals[i],
				width, bar);
		else
			fprintf(out, "%10llu -> %-10llu : %-8llu |%-*s|\n", low, high, vals[i],
				width, bar);
	}
}

void hist_print_linear(FILE *out, const unsigned long long *vals, int n, const char *val_type,
		       bool strip_leading_zero)
{
	unsigned long long val_max = 0;
	int idx_max = -1;
	char bar[STARS_MAX + 1];

	for (int i = 0; i < n; i++) {
		if (vals[i] > 0)
			idx_max = i;
		if (vals[i] > val_max)
			val_max = vals[i];
	}
	if (idx_max >= 0)
		fprintf(out, "     %-13s : count     distribution\n", val_type);
	for (int i = 0; i <= idx_max; i++) {
		if (strip_leading_zero) {
			if (!vals[i])
				continue;
			strip_leading_zero = false;
		}
		stars(bar, vals[i], val_max, STARS_MAX);
		fprintf(out, "        %-10d : %-8llu |%-*s|\n", i, vals[i], STARS_MAX, bar);
	}
}
