/* router: see router.h. */
#include "http/router.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static const char *method_text(enum http_method m)
{
    static const char *const names[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER" };
    return names[m];
}

/* Match path against pattern in one pass; on a match the captures go into args (pointers into a copy of path,
   stored in *argbuf).  Nothing is allocated for a pattern that does not match: every request tries many. */
static bool match(const char *pattern, const char *path, const char **args, size_t *nargs, char **argbuf)
{
    size_t np = 0;
    const char *p = pattern, *s = path;
    size_t at[HTTP_MAX_ARGS], len[HTTP_MAX_ARGS];
    for (;;) {
        if (p > pattern && p[-1] == '/' && p[0] == '{' && p[1] == '}' && (p[2] == '/' || p[2] == '\0')) {
            const char *e = s;   /* a capture: one whole, non-empty segment */
            while (*e && *e != '/') e++;
            if (e == s || np >= HTTP_MAX_ARGS) return false;
            at[np] = (size_t)(s - path);
            len[np++] = (size_t)(e - s);
            p += 2;
            s = e;
            continue;
        }
        if (*p != *s) return false;
        if (!*p) break;
        p++;
        s++;
    }
    char *copy = NULL;
    if (np) {
        copy = xstrdup(path);
        for (size_t i = 0; i < np; i++) {
            copy[at[i] + len[i]] = '\0';
            args[i] = copy + at[i];
        }
    }
    free(*argbuf);
    *argbuf = copy;
    *nargs = np;
    return true;
}

enum router_result router_match(const char *const *patterns, const enum http_method *methods, size_t n,
                                struct http_request *req, size_t *index, char *allow, size_t allowlen)
{
    enum http_method m = req->method == HTTP_HEAD ? HTTP_GET : req->method;
    bool path_known = false;
    allow[0] = '\0';
    for (size_t i = 0; i < n; i++) {   /* the routes of the request's method first: most requests stop here */
        if (methods[i] == m && match(patterns[i], req->path, req->args, &req->nargs, &req->argbuf)) { *index = i; return ROUTER_FOUND; }
    }
    for (size_t i = 0; i < n; i++) {   /* then the others, for a 404 or a 405 that lists what is allowed */
        if (methods[i] == m || !match(patterns[i], req->path, req->args, &req->nargs, &req->argbuf)) continue;
        path_known = true;
        size_t used = strlen(allow);
        snprintf(allow + used, allowlen - used, "%s%s", used ? ", " : "", method_text(methods[i]));
        if (methods[i] == HTTP_GET) {
            used = strlen(allow);
            snprintf(allow + used, allowlen - used, ", HEAD");
        }
    }
    return path_known ? ROUTER_BAD_METHOD : ROUTER_NOT_FOUND;
}
