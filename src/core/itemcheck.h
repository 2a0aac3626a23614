/* itemcheck — the rules every item must meet, whether typed into a form, sent to the API or
 * read from an imported sheet, so that all three refuse the same things with the same words. */
#ifndef LD_ITEMCHECK_H
#define LD_ITEMCHECK_H

#include <stdbool.h>

struct item_input {
	const char *project, *category, *title, *responsible_person;
	const char *start_date; /* as written; NULL or "" for none */
	const char *due_date;   /* as written */
	bool has_weight;
	double weight;
	bool require_person;    /* top-level items need one; decomposed children get theirs on adoption */
};

struct item_clean {
	char start_date[11]; /* "" when none */
	char due_date[11];
	double weight;
};

#define ITEM_PROBLEM_MAX 8

struct item_problem {
	const char *field;  /* API field name: project, due_date … */
	char message[160];  /* in Chinese, naming the value when it helps */
};

/* Checks in against the rules and normalises the dates. Returns the number of problems
 * written to p (0: out is filled). */
int item_check(const struct item_input *in, struct item_clean *out, struct item_problem p[ITEM_PROBLEM_MAX]);

#endif
