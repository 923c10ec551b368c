/* The PDF reader's per-character, per-segment and per-glyph loops, compiled.
 *
 * Optional: where this is not built, the readers.pdf stages run their Python loops, which are
 * the specification (readers/pdf/_compiled.py names them); tests/test_pdf_speedups.py checks
 * that both give the same glyphs, strokes, cells, lines, link ids and runs on every committed
 * PDF. Each function here mirrors one Python function step for step (named in its comment),
 * down to the stale values PDFium leaves in a buffer when a call fails. The PDFium entry points
 * come in as addresses from pypdfium2's ctypes bindings: this file links against nothing but
 * Python.
 *
 * Floating point: the Python code computes in doubles from PDFium's floats; so does this, and
 * the build turns off FMA contraction (-ffp-contract=off) so that a * b + c rounds twice here
 * as it does in Python.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

typedef struct { float left, top, right, bottom; } RectF; /* FS_RECTF */
typedef struct { float a, b, c, d, e, f; } MatrixF;       /* FS_MATRIX */

typedef int (*text_int_fn)(void *, int);
typedef int (*text_box_fn)(void *, int, RectF *);
typedef int (*text_origin_fn)(void *, int, double *, double *);
typedef double (*text_size_fn)(void *, int);

static void *address(PyObject *tuple, Py_ssize_t i) {
    PyObject *item = PyTuple_GetItem(tuple, i);
    return item ? PyLong_AsVoidPtr(item) : NULL;
}

/* ------------------------------------------------------------------ glyphs */

/* The kinds pdfium._kind gives a character, one ASCII letter each. */
#define K_BASE 'b'
#define K_MARK 'm'
#define K_SPACE 's'
#define K_SKIP 'k'
#define K_HYPHEN 'h'
#define K_UNMAPPED 'u'

typedef struct {
    PyObject *text; /* owned */
    double x0, x1, y0, y1, base, em;
    int space;
} Rec;

static void free_recs(Rec *recs, Py_ssize_t n) {
    for (Py_ssize_t k = 0; k < n; k++) Py_XDECREF(recs[k].text);
    PyMem_Free(recs);
}

/* A str of one base character followed by the pending marks. */
static PyObject *cluster(Py_UCS4 base, const Py_UCS4 *pending, Py_ssize_t n_pending) {
    Py_UCS4 stack[32];
    Py_UCS4 *buf = n_pending + 1 <= 32 ? stack : PyMem_Malloc((n_pending + 1) * sizeof(Py_UCS4));
    if (!buf) return PyErr_NoMemory();
    buf[0] = base;
    if (n_pending) memcpy(buf + 1, pending, n_pending * sizeof(Py_UCS4));
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n_pending + 1);
    if (buf != stack) PyMem_Free(buf);
    return s;
}

static int append_char(PyObject **text, Py_UCS4 ch) {
    PyObject *one = PyUnicode_FromOrdinal(ch);
    if (!one) return -1;
    PyObject *joined = PyUnicode_Concat(*text, one);
    Py_DECREF(one);
    if (!joined) return -1;
    Py_SETREF(*text, joined);
    return 0;
}

/* The records as glyph_type objects. glyph_type is text.Glyph, a slots dataclass: each object is
 * allocated bare and its eight slots are set through their member descriptors, which is what
 * the dataclass's __init__ does, without running Python code per glyph. */
static const char *const FIELDS[8] = {"text", "x0", "x1", "y0", "y1", "base", "em", "space"};

static PyObject *make_glyphs(PyObject *glyph_type, Rec *recs, Py_ssize_t n_recs) {
    if (!PyType_Check(glyph_type)) {
        PyErr_SetString(PyExc_TypeError, "glyphs: glyph_type must be a class");
        return NULL;
    }
    PyTypeObject *type = (PyTypeObject *)glyph_type;
    PyObject *descr[8] = {NULL};
    PyObject *out = NULL, *empty = PyTuple_New(0);
    if (!empty) return NULL;
    for (int f = 0; f < 8; f++) {
        descr[f] = PyObject_GetAttrString(glyph_type, FIELDS[f]);
        if (!descr[f]) goto done;
        if (!Py_TYPE(descr[f])->tp_descr_set) {
            PyErr_Format(PyExc_TypeError, "glyphs: %s is not a slot of glyph_type", FIELDS[f]);
            goto done;
        }
    }
    out = PyList_New(n_recs);
    if (!out) goto done;
    for (Py_ssize_t j = 0; j < n_recs; j++) {
        Rec *r = &recs[j];
        PyObject *g = type->tp_new(type, empty, NULL);
        if (!g) goto error;
        PyList_SET_ITEM(out, j, g);
        double values[6] = {r->x0, r->x1, r->y0, r->y1, r->base, r->em};
        if (Py_TYPE(descr[0])->tp_descr_set(descr[0], g, r->text) < 0) goto error;
        for (int f = 0; f < 6; f++) {
            PyObject *v = PyFloat_FromDouble(values[f]);
            if (!v) goto error;
            int rc = Py_TYPE(descr[f + 1])->tp_descr_set(descr[f + 1], g, v);
            Py_DECREF(v);
            if (rc < 0) goto error;
        }
        if (Py_TYPE(descr[7])->tp_descr_set(descr[7], g, r->space ? Py_True : Py_False) < 0) goto error;
    }
    goto done;
error:
    Py_CLEAR(out);
done:
    for (int f = 0; f < 8; f++) Py_XDECREF(descr[f]);
    Py_DECREF(empty);
    return out;
}

/* glyphs(textpage, text, kinds, calls, glyph_type) -> (list of glyph_type, unmapped count)
 *
 * pdfium._glyphs_python, compiled: textpage is the FPDF_TEXTPAGE address, text the page's
 * characters, kinds one letter per character (pdfium._kind), calls the addresses of
 * FPDFText_IsGenerated, _HasUnicodeMapError, _GetLooseCharBox, _GetCharOrigin, _GetFontSize. */
static PyObject *glyphs(PyObject *self, PyObject *args) {
    PyObject *handle_obj, *text, *calls, *glyph_type;
    const char *kinds;
    Py_ssize_t n_kinds;
    if (!PyArg_ParseTuple(args, "OUy#O!O", &handle_obj, &text, &kinds, &n_kinds, &PyTuple_Type, &calls, &glyph_type))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n_kinds != n || PyTuple_GET_SIZE(calls) != 5) {
        PyErr_SetString(PyExc_ValueError, "glyphs: kinds and text differ in length, or not 5 calls");
        return NULL;
    }
    void *handle = PyLong_AsVoidPtr(handle_obj);
    text_int_fn is_generated = (text_int_fn)address(calls, 0);
    text_int_fn map_error = (text_int_fn)address(calls, 1);
    text_box_fn loose_box = (text_box_fn)address(calls, 2);
    text_origin_fn origin = (text_origin_fn)address(calls, 3);
    text_size_fn font_size = (text_size_fn)address(calls, 4);
    if (PyErr_Occurred()) return NULL;
    if (!handle || !is_generated || !map_error || !loose_box || !origin || !font_size) {
        PyErr_SetString(PyExc_ValueError, "glyphs: a null handle or call");
        return NULL;
    }

    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Rec *recs = PyMem_Calloc(n ? n : 1, sizeof(Rec));
    Py_UCS4 *pending = PyMem_Malloc((n ? n : 1) * sizeof(Py_UCS4));
    if (!recs || !pending) {
        PyMem_Free(recs);
        PyMem_Free(pending);
        return PyErr_NoMemory();
    }
    Py_ssize_t n_recs = 0, n_pending = 0, last_base = -1;
    long unmapped = 0;
    int broke = 0, have_run = 0;
    RectF box = {0, 0, 0, 0};
    double ox = 0.0, oy = 0.0;
    double run_bottom = 0.0, run_top = 0.0, run_base = 0.0, run_em = 0.0;

    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        char k = kinds[i];
        int idx = (int)i;
        if (k == K_BASE) {
        } else if (k == K_MARK) {
            int stray = 0;
            if (ch >= 0x0E31 && ch <= 0x0E4E && last_base >= 0) {
                Py_UCS4 first = PyUnicode_READ_CHAR(recs[last_base].text, 0);
                stray = !(first >= 0x0E01 && first <= 0x0E2E);
            }
            int join = 0;
            if (last_base >= 0 && n_pending == 0) {
                if (!(broke || stray)) {
                    join = 1;
                } else { /* pdfium._over */
                    double slack = stray ? 0.0 : 0.5;
                    Rec *b = &recs[last_base];
                    loose_box(handle, idx, &box);
                    double centre = ((double)box.left + (double)box.right) / 2;
                    join = b->x0 - slack * b->em <= centre && centre <= b->x1 + slack * b->em;
                }
            }
            if (join) {
                if (append_char(&recs[last_base].text, ch) < 0) goto fail;
            } else {
                pending[n_pending++] = ch;
            }
            continue;
        } else if (k == K_SKIP) {
            broke = 1;
            continue;
        } else if (k == K_SPACE) {
            if (is_generated(handle, idx)) {
                broke = 1;
                continue;
            }
        } else if (k == K_HYPHEN) {
            ch = '-';
        } else if (map_error(handle, idx)) { /* K_UNMAPPED */
            unmapped++;
            continue;
        }
        loose_box(handle, idx, &box);
        double left = box.left, top = box.top, right = box.right, bottom = box.bottom;
        if (!have_run || top != run_top || (bottom != run_bottom && bottom != run_base)) {
            origin(handle, idx, &ox, &oy);
            run_base = oy;
            double em = font_size(handle, idx);
            double lo = bottom <= top ? bottom : top, hi = bottom <= top ? top : bottom;
            if (!(2.0 <= em && em <= 300.0) || !(0.2 <= (hi - lo) / em && (hi - lo) / em <= 3.0)) {
                double d = hi - lo;
                em = (1.0 > d ? 1.0 : d) / 0.6; /* Python's max(d, 1.0): d unless 1.0 > d */
            }
            run_bottom = bottom;
            run_top = top;
            run_em = em;
            have_run = 1;
        }
        if (left > right || bottom > top) {
            if (left > right) { double t = left; left = right; right = t; }
            if (bottom > top) { double t = bottom; bottom = top; top = t; }
        }
        Rec *r = &recs[n_recs];
        r->x0 = left; r->x1 = right; r->y0 = bottom; r->y1 = top;
        r->base = run_base; r->em = run_em;
        if (k == K_SPACE) {
            r->space = 1;
            r->text = PyUnicode_FromOrdinal(' ');
        } else {
            r->space = 0;
            r->text = cluster(ch, pending, n_pending);
            n_pending = 0;
            broke = 0;
            last_base = n_recs;
        }
        if (!r->text) goto fail;
        n_recs++;
    }

    PyObject *out = make_glyphs(glyph_type, recs, n_recs);
    free_recs(recs, n_recs);
    PyMem_Free(pending);
    return out ? Py_BuildValue("(Nl)", out, unmapped) : NULL;

fail:
    free_recs(recs, n_recs);
    PyMem_Free(pending);
    return NULL;
}

/* ------------------------------------------------------------------ path segments */

typedef int (*obj_int_fn)(void *);
typedef void *(*page_object_fn)(void *, int);
typedef void *(*form_object_fn)(void *, unsigned long);
typedef int (*matrix_fn)(void *, MatrixF *);
typedef int (*draw_mode_fn)(void *, int *, int *);
typedef int (*color_fn)(void *, unsigned int *, unsigned int *, unsigned int *, unsigned int *);
typedef void *(*segment_fn)(void *, int);
typedef int (*point_fn)(void *, float *, float *);

typedef struct {
    page_object_fn page_object;
    obj_int_fn form_count;
    form_object_fn form_object;
    obj_int_fn type;
    matrix_fn matrix;
    draw_mode_fn draw_mode;
    color_fn stroke_color, fill_color;
    obj_int_fn count_segments;
    segment_fn segment;
    point_fn point;
    obj_int_fn segment_type, close;
    int path_kind, form_kind, moveto, lineto;
    long budget;
    /* buffers PDFium writes into, kept across calls as the Python code keeps its ctypes values */
    float x, y;
    int fill, stroke;
    unsigned int rgba[4];
    MatrixF m;
    PyObject *out; /* list of ((x0, y0), (x1, y1)) */
} Walk;

static int add_pair(Walk *w, const double *p, const double *q) {
    PyObject *pair = Py_BuildValue("((dd)(dd))", p[0], p[1], q[0], q[1]);
    if (!pair) return -1;
    int rc = PyList_Append(w->out, pair);
    Py_DECREF(pair);
    return rc;
}

/* pdfium.rules's visible() */
static int visible(Walk *w, void *obj) {
    if (!w->draw_mode(obj, &w->fill, &w->stroke)) return 1;
    if (!w->fill && !w->stroke) return 0;
    color_fn get = w->stroke ? w->stroke_color : w->fill_color;
    if (get(obj, &w->rgba[0], &w->rgba[1], &w->rgba[2], &w->rgba[3])) {
        unsigned int r = w->rgba[0], g = w->rgba[1], b = w->rgba[2], a = w->rgba[3];
        if (a == 0 || (r > 240 && g > 240 && b > 240)) return 0;
    }
    return 1;
}

/* pdfium.rules's walk(); ctm as (a, b, c, d, e, f) */
static int walk(Walk *w, void *obj, const double *ctm, int depth) {
    int kind = w->type(obj);
    if ((kind != w->path_kind && kind != w->form_kind) || w->budget <= 0) return 0;
    if (!w->matrix(obj, &w->m)) return 0;
    double m0 = w->m.a, m1 = w->m.b, m2 = w->m.c, m3 = w->m.d, m4 = w->m.e, m5 = w->m.f;
    double a2 = ctm[0], b2 = ctm[1], c2 = ctm[2], d2 = ctm[3], e2 = ctm[4], f2 = ctm[5];
    double mat[6] = { /* pdfium._compose */
        m0 * a2 + m1 * c2, m0 * b2 + m1 * d2, m2 * a2 + m3 * c2, m2 * b2 + m3 * d2,
        (m4 * a2 + m5 * c2) + e2, (m4 * b2 + m5 * d2) + f2,
    };
    if (kind == w->form_kind) {
        if (depth < 8) {
            int count = w->form_count(obj);
            for (int j = 0; j < count; j++)
                if (walk(w, w->form_object(obj, (unsigned long)j), mat, depth + 1) < 0) return -1;
        }
        return 0;
    }
    if (!visible(w, obj)) return 0;
    int n = w->count_segments(obj);
    w->budget -= n;
    int have_start = 0, have_prev = 0;
    double start[2] = {0, 0}, prev[2] = {0, 0};
    double a = mat[0], b = mat[1], c = mat[2], d = mat[3], e = mat[4], f = mat[5];
    for (int s = 0; s < n; s++) {
        void *seg = w->segment(obj, s);
        w->point(seg, &w->x, &w->y);
        double px = w->x, py = w->y;
        double pt[2] = {(a * px + c * py) + e, (b * px + d * py) + f};
        int typ = w->segment_type(seg);
        if (typ == w->moveto) {
            start[0] = prev[0] = pt[0];
            start[1] = prev[1] = pt[1];
            have_start = have_prev = 1;
            continue;
        }
        if (typ == w->lineto && have_prev)
            if (add_pair(w, prev, pt) < 0) return -1;
        prev[0] = pt[0];
        prev[1] = pt[1];
        have_prev = 1;
        if (w->close(seg) && have_start) {
            if (add_pair(w, pt, start) < 0) return -1;
            prev[0] = start[0];
            prev[1] = start[1];
        }
    }
    return 0;
}

/* path_segments(page, count, calls, kinds, budget) -> (list of ((x0, y0), (x1, y1)), budget left)
 *
 * pdfium._rules_python's walk over the page's objects, compiled: page is the FPDF_PAGE address,
 * count its object count, calls the 13 addresses of pdfium._path_calls in the order of
 * PATH_CALLS, kinds (path, form, moveto, lineto). The strokes come in drawing order; the
 * caller keeps the axis-aligned ones (geometry.add_segment). */
static PyObject *path_segments(PyObject *self, PyObject *args) {
    PyObject *page_obj, *calls;
    int count;
    Walk w;
    memset(&w, 0, sizeof w);
    if (!PyArg_ParseTuple(args, "OiO!(iiii)l", &page_obj, &count, &PyTuple_Type, &calls, &w.path_kind, &w.form_kind,
                          &w.moveto, &w.lineto, &w.budget))
        return NULL;
    if (PyTuple_GET_SIZE(calls) != 13) {
        PyErr_SetString(PyExc_ValueError, "path_segments: 13 calls expected");
        return NULL;
    }
    void *page = PyLong_AsVoidPtr(page_obj);
    void *fns[13];
    for (Py_ssize_t i = 0; i < 13; i++) {
        fns[i] = address(calls, i);
        if (!fns[i]) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "path_segments: a null call");
            return NULL;
        }
    }
    if (!page) {
        PyErr_SetString(PyExc_ValueError, "path_segments: a null page");
        return NULL;
    }
    w.page_object = (page_object_fn)fns[0];
    w.form_count = (obj_int_fn)fns[1];
    w.form_object = (form_object_fn)fns[2];
    w.type = (obj_int_fn)fns[3];
    w.matrix = (matrix_fn)fns[4];
    w.draw_mode = (draw_mode_fn)fns[5];
    w.stroke_color = (color_fn)fns[6];
    w.fill_color = (color_fn)fns[7];
    w.count_segments = (obj_int_fn)fns[8];
    w.segment = (segment_fn)fns[9];
    w.point = (point_fn)fns[10];
    w.segment_type = (obj_int_fn)fns[11];
    w.close = (obj_int_fn)fns[12];
    w.out = PyList_New(0);
    if (!w.out) return NULL;
    static const double identity[6] = {1.0, 0.0, 0.0, 1.0, 0.0, 0.0};
    for (int i = 0; i < count; i++) {
        void *obj = w.page_object(page, i);
        int kind = w.type(obj);
        if (kind == w.path_kind || kind == w.form_kind) {
            if (walk(&w, obj, identity, 0) < 0) {
                Py_DECREF(w.out);
                return NULL;
            }
        }
    }
    return Py_BuildValue("(Nl)", w.out, w.budget);
}

/* ------------------------------------------------------------------ visual lines */

typedef struct {
    double base, x, rx; /* baseline, left edge, left edge rounded to 0.1 pt (when asked for) */
    Py_ssize_t i;
} Key;

static int by_line(const void *pa, const void *pb) { /* top to bottom, then left to right, then stream order */
    const Key *a = pa, *b = pb;
    if (a->base != b->base) return a->base > b->base ? -1 : 1;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int by_x(const void *pa, const void *pb) {
    const Key *a = pa, *b = pb;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int by_rounded_x(const void *pa, const void *pb) {
    const Key *a = pa, *b = pb;
    if (a->rx != b->rx) return a->rx < b->rx ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Reading a glyph's field by name. The glyphs are slots dataclasses: where the object's type
 * keeps the field in a slot (a member descriptor of an object slot), the slot is read directly
 * at its offset, which is what the descriptor does, without the attribute lookup through the
 * type (a third of the time of line_groups). Anything else, and an unset slot, goes through
 * PyObject_GetAttr. The offsets are kept per (type, name); the types are kept alive. */
typedef struct {
    PyTypeObject *type;
    PyObject *name; /* interned: compared by identity */
    Py_ssize_t offset; /* -1: no object slot, use getattr */
} SlotEntry;

#define SLOT_CACHE 32
static SlotEntry slot_cache[SLOT_CACHE];
static int slot_count;

static Py_ssize_t slot_offset(PyTypeObject *type, PyObject *name) {
    for (int k = 0; k < slot_count; k++)
        if (slot_cache[k].type == type && slot_cache[k].name == name) return slot_cache[k].offset;
    Py_ssize_t offset = -1;
    PyObject *descr = PyObject_GetAttr((PyObject *)type, name);
    if (!descr) {
        PyErr_Clear();
    } else {
        if (Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
            PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
            if (member->type == T_OBJECT_EX && !(member->flags & READ_RESTRICTED)) offset = member->offset;
        }
        Py_DECREF(descr);
    }
    if (slot_count < SLOT_CACHE) {
        Py_INCREF(type);
        Py_INCREF(name);
        slot_cache[slot_count++] = (SlotEntry){type, name, offset};
    }
    return offset;
}

/* obj.name as a new reference, or NULL with an exception set. */
static PyObject *get_field(PyObject *obj, PyObject *name) {
    Py_ssize_t offset = slot_offset(Py_TYPE(obj), name);
    if (offset >= 0) {
        PyObject *v = *(PyObject **)((char *)obj + offset);
        if (v) return Py_NewRef(v);
    }
    return PyObject_GetAttr(obj, name);
}

static int read_double(PyObject *obj, PyObject *name, double *out) {
    PyObject *v = get_field(obj, name);
    if (!v) return -1;
    *out = PyFloat_AsDouble(v);
    Py_DECREF(v);
    return *out == -1.0 && PyErr_Occurred() ? -1 : 0;
}

/* line_groups(glyphs) -> list of lists of glyphs, or None
 *
 * layout._line_groups_python, compiled: the glyphs grouped into visual lines by baseline, top
 * to bottom, each left to right. Python's two stable sorts are one sort here on the same keys
 * with the stream index last. None where a coordinate is not finite (NaN sorts differently in
 * Python's sort than in any comparator): the caller then runs the Python loop. */
static PyObject *line_groups(PyObject *self, PyObject *glyphs) {
    static PyObject *s_x0, *s_base, *s_em;
    if (!s_x0 && (!(s_x0 = PyUnicode_InternFromString("x0")) || !(s_base = PyUnicode_InternFromString("base")) ||
                  !(s_em = PyUnicode_InternFromString("em"))))
        return NULL;
    if (!PyList_Check(glyphs)) {
        PyErr_SetString(PyExc_TypeError, "line_groups: a list of glyphs expected");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(glyphs);
    Key *keys = PyMem_Malloc((n ? n : 1) * sizeof(Key));
    double *ems = PyMem_Malloc((n ? n : 1) * sizeof(double));
    PyObject *out = NULL;
    if (!keys || !ems) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = PyList_GET_ITEM(glyphs, i);
        if (read_double(g, s_x0, &keys[i].x) < 0 || read_double(g, s_base, &keys[i].base) < 0 ||
            read_double(g, s_em, &ems[i]) < 0)
            goto done;
        if (!isfinite(keys[i].x) || !isfinite(keys[i].base) || !isfinite(ems[i])) {
            out = Py_NewRef(Py_None);
            goto done;
        }
        keys[i].i = i;
    }
    qsort(keys, n, sizeof(Key), by_line);
    out = PyList_New(0);
    if (!out) goto done;
    Py_ssize_t start = 0;
    while (start < n) {
        /* a line: the glyphs whose baseline is within 0.4 em (of each glyph) of the line's first */
        double line_base = keys[start].base;
        Py_ssize_t end = start + 1;
        while (end < n && !(fabs(keys[end].base - line_base) > 0.4 * ems[keys[end].i])) end++;
        Key *line = keys + start;
        Py_ssize_t len = end - start;
        qsort(line, len, sizeof(Key), by_x);
        int close_pair = 0;
        for (Py_ssize_t k = 1; k < len; k++)
            if (line[k].x - line[k - 1].x <= 0.2) close_pair = 1;
        if (close_pair) { /* x rounded to 0.1 pt as Python's round() does it */
            for (Py_ssize_t k = 0; k < len; k++) {
                PyObject *x = PyFloat_FromDouble(line[k].x);
                PyObject *r = x ? PyObject_CallMethod(x, "__round__", "i", 1) : NULL;
                Py_XDECREF(x);
                if (!r) goto error;
                line[k].rx = PyFloat_AsDouble(r);
                Py_DECREF(r);
            }
            qsort(line, len, sizeof(Key), by_rounded_x);
        }
        PyObject *members = PyList_New(len);
        if (!members) goto error;
        for (Py_ssize_t k = 0; k < len; k++) {
            PyObject *g = PyList_GET_ITEM(glyphs, line[k].i);
            PyList_SET_ITEM(members, k, Py_NewRef(g));
        }
        int rc = PyList_Append(out, members);
        Py_DECREF(members);
        if (rc < 0) goto error;
        start = end;
    }
    goto done;
error:
    Py_CLEAR(out);
done:
    PyMem_Free(keys);
    PyMem_Free(ems);
    return out;
}

/* ------------------------------------------------------------------ links of a line */

typedef struct { double l, r, b, t; long li; } Near;

static int read_quad(PyObject *seq, double *out) { /* a sequence of 4 numbers */
    PyObject *fast = PySequence_Fast(seq, "link_ids: a rectangle is a sequence of 4 numbers");
    if (!fast) return -1;
    int rc = 0;
    if (PySequence_Fast_GET_SIZE(fast) != 4) {
        PyErr_SetString(PyExc_ValueError, "link_ids: a rectangle is a sequence of 4 numbers");
        rc = -1;
    }
    for (int k = 0; k < 4 && rc == 0; k++) {
        out[k] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, k));
        if (out[k] == -1.0 && PyErr_Occurred()) rc = -1;
    }
    Py_DECREF(fast);
    return rc;
}

/* Python's min/max over a list: the first value, replaced only by a strictly smaller (larger) one. */
static int extent(PyObject *glyphs, PyObject *name, int larger, double *out) {
    Py_ssize_t n = PyList_GET_SIZE(glyphs);
    for (Py_ssize_t i = 0; i < n; i++) {
        double v;
        if (read_double(PyList_GET_ITEM(glyphs, i), name, &v) < 0) return -1;
        if (i == 0 || (larger ? v > *out : v < *out)) *out = v;
    }
    return 0;
}

/* link_ids(glyphs, links) -> list of int or None
 *
 * text._link_ids_python, compiled: for each glyph, the index of the first link (text.PdfLink:
 * .box and .rects, (left, bottom, right, top)) with a rectangle, widened by half a point, that
 * holds the glyph's centre. */
static PyObject *link_ids(PyObject *self, PyObject *args) {
    static PyObject *s_x0, *s_x1, *s_y0, *s_y1, *s_box, *s_rects;
    PyObject *glyphs, *links;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &glyphs, &PyList_Type, &links)) return NULL;
    if (!s_x0 && (!(s_x0 = PyUnicode_InternFromString("x0")) || !(s_x1 = PyUnicode_InternFromString("x1")) ||
                  !(s_y0 = PyUnicode_InternFromString("y0")) || !(s_y1 = PyUnicode_InternFromString("y1")) ||
                  !(s_box = PyUnicode_InternFromString("box")) || !(s_rects = PyUnicode_InternFromString("rects"))))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(glyphs), n_links = PyList_GET_SIZE(links);
    PyObject *ids = PyList_New(n);
    if (!ids) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) PyList_SET_ITEM(ids, i, Py_NewRef(Py_None));
    if (!n || !n_links) return ids;
    Near *near = NULL;
    Py_ssize_t n_near = 0, cap = 0;
    double y0, y1, x0, x1;
    if (extent(glyphs, s_y0, 0, &y0) < 0 || extent(glyphs, s_y1, 1, &y1) < 0) goto error;
    int reach = 0;
    for (Py_ssize_t li = 0; li < n_links && !reach; li++) {
        PyObject *box = PyObject_GetAttr(PyList_GET_ITEM(links, li), s_box);
        double bx[4];
        int rc = box ? read_quad(box, bx) : -1;
        Py_XDECREF(box);
        if (rc < 0) goto error;
        reach = bx[1] <= y1 && bx[3] >= y0;
    }
    if (!reach) return ids; /* most lines: no link at their height */
    if (extent(glyphs, s_x0, 0, &x0) < 0 || extent(glyphs, s_x1, 1, &x1) < 0) goto error;
    for (Py_ssize_t li = 0; li < n_links; li++) {
        PyObject *link = PyList_GET_ITEM(links, li);
        PyObject *box = PyObject_GetAttr(link, s_box);
        double bx[4];
        int rc = box ? read_quad(box, bx) : -1;
        Py_XDECREF(box);
        if (rc < 0) goto error;
        if (!(bx[0] <= x1 && bx[2] >= x0 && bx[1] <= y1 && bx[3] >= y0)) continue;
        PyObject *rects = PyObject_GetAttr(link, s_rects);
        if (!rects) goto error;
        if (!PyList_Check(rects)) {
            Py_DECREF(rects);
            PyErr_SetString(PyExc_TypeError, "link_ids: rects is a list");
            goto error;
        }
        Py_ssize_t n_rects = PyList_GET_SIZE(rects);
        double *rs = PyMem_Malloc((n_rects ? n_rects : 1) * 4 * sizeof(double));
        if (!rs) {
            Py_DECREF(rects);
            PyErr_NoMemory();
            goto error;
        }
        int any = 0;
        for (Py_ssize_t k = 0; k < n_rects; k++) {
            if (read_quad(PyList_GET_ITEM(rects, k), rs + 4 * k) < 0) {
                PyMem_Free(rs);
                Py_DECREF(rects);
                goto error;
            }
            double *q = rs + 4 * k; /* left, bottom, right, top */
            if (q[0] <= x1 && q[2] >= x0 && q[1] <= y1 && q[3] >= y0) any = 1;
        }
        Py_DECREF(rects);
        if (any) { /* every rectangle of a link that reaches the line, in order */
            if (n_near + n_rects > cap) {
                cap = 2 * (n_near + n_rects);
                Near *grown = PyMem_Realloc(near, cap * sizeof(Near));
                if (!grown) {
                    PyMem_Free(rs);
                    PyErr_NoMemory();
                    goto error;
                }
                near = grown;
            }
            for (Py_ssize_t k = 0; k < n_rects; k++) {
                double *q = rs + 4 * k;
                near[n_near++] = (Near){q[0] - 0.5, q[2] + 0.5, q[1] - 0.5, q[3] + 0.5, (long)li};
            }
        }
        PyMem_Free(rs);
    }
    for (Py_ssize_t i = 0; i < n && n_near; i++) {
        PyObject *g = PyList_GET_ITEM(glyphs, i);
        double gx0, gx1, gy0, gy1;
        if (read_double(g, s_x0, &gx0) < 0 || read_double(g, s_x1, &gx1) < 0 || read_double(g, s_y0, &gy0) < 0 ||
            read_double(g, s_y1, &gy1) < 0)
            goto error;
        double cx = (gx0 + gx1) / 2, cy = (gy0 + gy1) / 2;
        for (Py_ssize_t k = 0; k < n_near; k++) {
            Near *q = &near[k];
            if (q->l <= cx && cx <= q->r && q->b <= cy && cy <= q->t) {
                PyObject *li = PyLong_FromLong(q->li);
                if (!li) goto error;
                PyList_SetItem(ids, i, li);
                break;
            }
        }
    }
    PyMem_Free(near);
    return ids;
error:
    PyMem_Free(near);
    Py_DECREF(ids);
    return NULL;
}

/* ------------------------------------------------------------------ cells of a page */

typedef struct {
    double x0, x1, top, bottom;
    double *xs, *neg_ys; /* column edges ascending; row edges negated (ascending) */
    Py_ssize_t n_xs, n_ys;
    PyObject **homes; /* (row, col) -> the cell's glyph list, borrowed; NULL where no cell */
} GridC;

static Py_ssize_t bisect_left(const double *a, Py_ssize_t n, double x) { /* Python's bisect.bisect_left */
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (a[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static Py_ssize_t clamp(Py_ssize_t v, Py_ssize_t lo, Py_ssize_t hi) { /* min(max(v, lo), hi) */
    if (v < lo) v = lo;
    return v > hi ? hi : v;
}

static int read_doubles(PyObject *obj, const char *name, double **out, Py_ssize_t *n) {
    PyObject *seq = PyObject_GetAttrString(obj, name);
    PyObject *fast = seq ? PySequence_Fast(seq, "assign_cells: edges are a sequence") : NULL;
    Py_XDECREF(seq);
    if (!fast) return -1;
    *n = PySequence_Fast_GET_SIZE(fast);
    *out = PyMem_Malloc((*n ? *n : 1) * sizeof(double));
    if (!*out) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        (*out)[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
        if ((*out)[i] == -1.0 && PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
    }
    Py_DECREF(fast);
    return 0;
}

static void free_grids(GridC *grids, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        PyMem_Free(grids[i].xs);
        PyMem_Free(grids[i].neg_ys);
        PyMem_Free(grids[i].homes);
    }
    PyMem_Free(grids);
}

/* geometry.Grid as GridC; its cells' glyph lists are borrowed (the grid outlives the call). */
static int load_grid(PyObject *grid, GridC *g) {
    static const char *const bounds[4] = {"x0", "x1", "top", "bottom"};
    double *vals[4] = {&g->x0, &g->x1, &g->top, &g->bottom};
    for (int k = 0; k < 4; k++) {
        PyObject *v = PyObject_GetAttrString(grid, bounds[k]);
        if (!v) return -1;
        *vals[k] = PyFloat_AsDouble(v);
        Py_DECREF(v);
        if (*vals[k] == -1.0 && PyErr_Occurred()) return -1;
    }
    if (read_doubles(grid, "xs", &g->xs, &g->n_xs) < 0 || read_doubles(grid, "ys", &g->neg_ys, &g->n_ys) < 0) return -1;
    if (g->n_xs < 2 || g->n_ys < 2) {
        PyErr_SetString(PyExc_ValueError, "assign_cells: a grid has two edges each way at least");
        return -1;
    }
    for (Py_ssize_t i = 0; i < g->n_ys; i++) g->neg_ys[i] = -g->neg_ys[i];
    Py_ssize_t rows = g->n_ys - 1, cols = g->n_xs - 1;
    g->homes = PyMem_Calloc(rows * cols, sizeof(PyObject *));
    if (!g->homes) {
        PyErr_NoMemory();
        return -1;
    }
    PyObject *cell_of = PyObject_GetAttrString(grid, "cell_of");
    PyObject *cells = PyObject_GetAttrString(grid, "cells");
    int rc = -1;
    if (!cell_of || !cells || !PyDict_Check(cell_of) || !PyList_Check(cells)) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "assign_cells: cell_of is a dict, cells a list");
        goto done;
    }
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(cell_of, &pos, &key, &value)) {
        Py_ssize_t r, c, k;
        if (!PyTuple_Check(key) || PyTuple_GET_SIZE(key) != 2) continue;
        r = PyLong_AsSsize_t(PyTuple_GET_ITEM(key, 0));
        c = PyLong_AsSsize_t(PyTuple_GET_ITEM(key, 1));
        k = PyLong_AsSsize_t(value);
        if (PyErr_Occurred()) goto done;
        if (r < 0 || r >= rows || c < 0 || c >= cols || k < 0 || k >= PyList_GET_SIZE(cells)) continue;
        PyObject *glyphs = PyObject_GetAttrString(PyList_GET_ITEM(cells, k), "glyphs");
        if (!glyphs) goto done;
        if (!PyList_Check(glyphs)) {
            Py_DECREF(glyphs);
            PyErr_SetString(PyExc_TypeError, "assign_cells: a cell's glyphs are a list");
            goto done;
        }
        g->homes[r * cols + c] = glyphs; /* borrowed: the cell holds it */
        Py_DECREF(glyphs);
    }
    rc = 0;
done:
    Py_XDECREF(cell_of);
    Py_XDECREF(cells);
    return rc;
}

/* assign_cells(glyphs, grids, outside) -> None
 *
 * The glyph loop of layout.read_page, compiled: each glyph is appended to the glyphs of the
 * grid cell holding its centre (the first grid that has one), or to outside; a space right
 * after a glyph on its line goes where that glyph went. */
static PyObject *assign_cells(PyObject *self, PyObject *args) {
    static PyObject *s_space, *s_base, *s_em, *s_x0, *s_x1, *s_y0, *s_y1;
    PyObject *glyphs, *grid_list, *outside;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyList_Type, &glyphs, &PyList_Type, &grid_list, &PyList_Type, &outside))
        return NULL;
    if (!s_space && (!(s_space = PyUnicode_InternFromString("space")) || !(s_base = PyUnicode_InternFromString("base")) ||
                     !(s_em = PyUnicode_InternFromString("em")) || !(s_x0 = PyUnicode_InternFromString("x0")) ||
                     !(s_x1 = PyUnicode_InternFromString("x1")) || !(s_y0 = PyUnicode_InternFromString("y0")) ||
                     !(s_y1 = PyUnicode_InternFromString("y1"))))
        return NULL;
    Py_ssize_t n_grids = PyList_GET_SIZE(grid_list);
    GridC *grids = PyMem_Calloc(n_grids ? n_grids : 1, sizeof(GridC));
    if (!grids) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n_grids; i++)
        if (load_grid(PyList_GET_ITEM(grid_list, i), &grids[i]) < 0) goto error;

    PyObject *prev_home = NULL, *hit_home = outside;
    double prev_base = 0.0, prev_x1 = 0.0;
    int have_prev = 0;
    double hit_x0 = 0.0, hit_x1 = 0.0, hit_y0 = 0.0, hit_y1 = 0.0;
    Py_ssize_t n = PyList_GET_SIZE(glyphs);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = PyList_GET_ITEM(glyphs, i);
        PyObject *space_obj = get_field(g, s_space);
        if (!space_obj) goto error;
        int space = PyObject_IsTrue(space_obj);
        Py_DECREF(space_obj);
        double base, em, x0, x1, y0, y1;
        if (space < 0 || read_double(g, s_base, &base) < 0 || read_double(g, s_em, &em) < 0 ||
            read_double(g, s_x0, &x0) < 0 || read_double(g, s_x1, &x1) < 0 || read_double(g, s_y0, &y0) < 0 ||
            read_double(g, s_y1, &y1) < 0)
            goto error;
        PyObject *home;
        if (space && have_prev && fabs(base - prev_base) < 0.4 * em && fabs(x0 - prev_x1) < 0.5 * em) {
            home = prev_home;
        } else {
            double sx = x0 + x1, sy = y0 + y1;
            if (hit_x0 < sx && sx <= hit_x1 && hit_y0 <= sy && sy < hit_y1) {
                home = hit_home;
            } else {
                double cx = sx / 2, cy = sy / 2;
                home = outside;
                for (Py_ssize_t k = 0; k < n_grids; k++) { /* geometry.Grid.fine, then cell_of */
                    GridC *gr = &grids[k];
                    if (!(gr->x0 - 1 <= cx && cx <= gr->x1 + 1 && gr->bottom - 1 <= cy && cy <= gr->top + 1)) continue;
                    Py_ssize_t col = clamp(bisect_left(gr->xs, gr->n_xs, cx) - 1, 0, gr->n_xs - 2);
                    Py_ssize_t row = clamp(bisect_left(gr->neg_ys, gr->n_ys, -cy) - 1, 0, gr->n_ys - 2);
                    PyObject *cell = gr->homes[row * (gr->n_xs - 1) + col];
                    if (!cell) continue;
                    home = cell;
                    if (k == 0) {
                        hit_x0 = 2 * gr->xs[col];
                        hit_x1 = 2 * gr->xs[col + 1];
                        hit_y0 = 2 * -gr->neg_ys[row + 1];
                        hit_y1 = 2 * -gr->neg_ys[row];
                        hit_home = home;
                    }
                    break;
                }
            }
        }
        if (PyList_Append(home, g) < 0) goto error;
        prev_home = home;
        prev_base = base;
        prev_x1 = x1;
        have_prev = 1;
    }
    free_grids(grids, n_grids);
    Py_RETURN_NONE;
error:
    free_grids(grids, n_grids);
    return NULL;
}

/* ------------------------------------------------------------------ phantom spaces */

/* text._covered: whether the letter before or after (either may be NULL) covers more than
 * half of the space glyph; Python's min, max and max(..., default=0.0) order kept. */
static int covered(PyObject *space, PyObject *before, PyObject *after) {
    static PyObject *s_x0, *s_x1;
    if (!s_x0 && (!(s_x0 = PyUnicode_InternFromString("x0")) || !(s_x1 = PyUnicode_InternFromString("x1")))) return -1;
    double sx0, sx1;
    if (read_double(space, s_x0, &sx0) < 0 || read_double(space, s_x1, &sx1) < 0) return -1;
    double d = sx1 - sx0, width = 0.1 > d ? 0.1 : d;
    PyObject *letters[2] = {before, after};
    int have = 0;
    double cover = 0.0;
    for (int k = 0; k < 2; k++) {
        if (!letters[k]) continue;
        double hx0, hx1;
        if (read_double(letters[k], s_x0, &hx0) < 0 || read_double(letters[k], s_x1, &hx1) < 0) return -1;
        double right = hx1 < sx1 ? hx1 : sx1, left = hx0 > sx0 ? hx0 : sx0; /* min(space.x1, h.x1), max(space.x0, h.x0) */
        double c = right - left;
        if (!have || c > cover) cover = c;
        have = 1;
    }
    return cover > 0.5 * width;
}

static int append_index(PyObject *list, Py_ssize_t k) {
    PyObject *v = PyLong_FromSsize_t(k);
    if (!v) return -1;
    int rc = PyList_Append(list, v);
    Py_DECREF(v);
    return rc;
}

/* phantom_spaces(glyphs) -> list of int
 *
 * text._phantom_python, compiled: the indices of the space glyphs that the letter before or
 * after covers by more than half, for text._without to drop. */
static PyObject *phantom_spaces(PyObject *self, PyObject *glyphs) {
    static PyObject *s_space;
    if (!s_space && !(s_space = PyUnicode_InternFromString("space"))) return NULL;
    if (!PyList_Check(glyphs)) {
        PyErr_SetString(PyExc_TypeError, "phantom_spaces: a list of glyphs expected");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(glyphs);
    PyObject *drop = PyList_New(0);
    char *is_space = PyMem_Malloc(n ? n : 1);
    Py_ssize_t *pending = PyMem_Malloc((n ? n : 1) * sizeof(Py_ssize_t));
    if (!drop || !is_space || !pending) {
        if (drop) PyErr_NoMemory();
        goto error;
    }
    Py_ssize_t spaces = 0;
    int side_by_side = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *flag = get_field(PyList_GET_ITEM(glyphs, k), s_space);
        int t = flag ? PyObject_IsTrue(flag) : -1;
        Py_XDECREF(flag);
        if (t < 0) goto error;
        is_space[k] = (char)t;
        spaces += t;
        if (t && k && is_space[k - 1]) side_by_side = 1;
    }
    if (!spaces) goto done;
    if (!side_by_side) { /* neighbours are letters */
        for (Py_ssize_t k = 0; k < n; k++) {
            if (!is_space[k]) continue;
            PyObject *before = k ? PyList_GET_ITEM(glyphs, k - 1) : NULL;
            PyObject *after = k + 1 < n ? PyList_GET_ITEM(glyphs, k + 1) : NULL;
            int c = covered(PyList_GET_ITEM(glyphs, k), before, after);
            if (c < 0 || (c && append_index(drop, k) < 0)) goto error;
        }
        goto done;
    }
    /* each space waits for the next letter, and knows the letter before it */
    Py_ssize_t n_pending = 0;
    PyObject *before = NULL, *pending_before = NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *g = PyList_GET_ITEM(glyphs, k);
        if (is_space[k]) {
            pending[n_pending++] = k;
            pending_before = before; /* the same letter for every space of a run */
            continue;
        }
        for (Py_ssize_t p = 0; p < n_pending; p++) {
            int c = covered(PyList_GET_ITEM(glyphs, pending[p]), pending_before, g);
            if (c < 0 || (c && append_index(drop, pending[p]) < 0)) goto error;
        }
        n_pending = 0;
        before = g;
    }
    for (Py_ssize_t p = 0; p < n_pending; p++) {
        int c = covered(PyList_GET_ITEM(glyphs, pending[p]), pending_before, NULL);
        if (c < 0 || (c && append_index(drop, pending[p]) < 0)) goto error;
    }
done:
    PyMem_Free(is_space);
    PyMem_Free(pending);
    return drop;
error:
    PyMem_Free(is_space);
    PyMem_Free(pending);
    Py_XDECREF(drop);
    return NULL;
}

/* ------------------------------------------------------------------ runs of a line */

static int cmp_double(const void *pa, const void *pb) {
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

/* Close the run being built: append (lid, "".join(pieces)) to runs; pieces is emptied. */
static int close_run(PyObject *runs, PyObject *lid, PyObject *pieces) {
    static PyObject *empty;
    if (!empty && !(empty = PyUnicode_FromString(""))) return -1;
    PyObject *text = PyUnicode_Join(empty, pieces);
    if (!text) return -1;
    PyObject *run = PyTuple_Pack(2, lid, text);
    Py_DECREF(text);
    if (!run) return -1;
    int rc = PyList_Append(runs, run);
    Py_DECREF(run);
    return rc < 0 || PyList_SetSlice(pieces, 0, PyList_GET_SIZE(pieces), NULL) < 0 ? -1 : 0;
}

/* line_runs(glyphs, ids, bullet_gap) -> list of (link id, text)
 *
 * text._runs_python, compiled: the line's text in runs of one link id, a word gap with no space
 * glyph made a space (inside a link when both sides are in it, else in a run of no link);
 * bullet_gap is text.bullet_gap, asked of the first two glyphs only. */
static PyObject *line_runs(PyObject *self, PyObject *args) {
    static PyObject *s_space, *s_x0, *s_x1, *s_em, *s_text, *space_str;
    PyObject *glyphs, *ids, *bullet_gap;
    if (!PyArg_ParseTuple(args, "O!O!O", &PyList_Type, &glyphs, &PyList_Type, &ids, &bullet_gap)) return NULL;
    if (!s_space && (!(s_space = PyUnicode_InternFromString("space")) || !(s_x0 = PyUnicode_InternFromString("x0")) ||
                     !(s_x1 = PyUnicode_InternFromString("x1")) || !(s_em = PyUnicode_InternFromString("em")) ||
                     !(s_text = PyUnicode_InternFromString("text")) || !(space_str = PyUnicode_FromString(" "))))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(glyphs);
    if (PyList_GET_SIZE(ids) != n) {
        PyErr_SetString(PyExc_ValueError, "line_runs: one link id per glyph");
        return NULL;
    }
    char *space = PyMem_Malloc(n ? n : 1);
    double *x0 = PyMem_Malloc((n ? n : 1) * sizeof(double)), *x1 = PyMem_Malloc((n ? n : 1) * sizeof(double));
    double *widths = PyMem_Malloc((n ? n : 1) * sizeof(double));
    PyObject *runs = PyList_New(0), *pieces = PyList_New(0), *cur_lid = NULL;
    if (!space || !x0 || !x1 || !widths || !runs || !pieces) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto error;
    }
    Py_ssize_t n_widths = 0;
    int linked = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *g = PyList_GET_ITEM(glyphs, k);
        PyObject *flag = get_field(g, s_space);
        int t = flag ? PyObject_IsTrue(flag) : -1;
        Py_XDECREF(flag);
        if (t < 0 || read_double(g, s_x0, &x0[k]) < 0 || read_double(g, s_x1, &x1[k]) < 0) goto error;
        space[k] = (char)t;
        if (t && x1[k] > x0[k]) widths[n_widths++] = x1[k] - x0[k];
        if (PyList_GET_ITEM(ids, k) != Py_None) linked = 1;
    }
    double gap = 0.0;
    int have_gap = 0;
    if (n_widths) {
        qsort(widths, n_widths, sizeof(double), cmp_double);
        gap = 0.8 * widths[n_widths / 2];
        have_gap = gap != 0.0; /* Python's "if gap" */
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *g = PyList_GET_ITEM(glyphs, k);
        PyObject *lid = linked ? PyList_GET_ITEM(ids, k) : Py_None;
        if (k && !space[k] && !space[k - 1]) {
            double em = 0.0;
            if (!have_gap && read_double(g, s_em, &em) < 0) goto error;
            int word_gap = x0[k] - x1[k - 1] > (have_gap ? gap : 0.25 * em);
            if (!word_gap && k == 1) {
                PyObject *r = PyObject_CallFunctionObjArgs(bullet_gap, PyList_GET_ITEM(glyphs, 0), g, NULL);
                word_gap = r ? PyObject_IsTrue(r) : -1;
                Py_XDECREF(r);
                if (word_gap < 0) goto error;
            }
            if (word_gap) {
                int same = PyObject_RichCompareBool(cur_lid, lid, Py_EQ); /* cur_lid is set: k >= 1 */
                if (same < 0) goto error;
                if (!(same || cur_lid == Py_None)) {
                    if (close_run(runs, cur_lid, pieces) < 0) goto error;
                    Py_SETREF(cur_lid, Py_NewRef(Py_None));
                }
                if (PyList_Append(pieces, space_str) < 0) goto error;
            }
        }
        PyObject *text = get_field(g, s_text);
        if (!text) goto error;
        int same = cur_lid ? PyObject_RichCompareBool(cur_lid, lid, Py_EQ) : 0;
        if (same < 0 || (!same && cur_lid && close_run(runs, cur_lid, pieces) < 0)) {
            Py_DECREF(text);
            goto error;
        }
        if (!same) Py_XSETREF(cur_lid, Py_NewRef(lid));
        int rc = PyList_Append(pieces, text);
        Py_DECREF(text);
        if (rc < 0) goto error;
    }
    if (!cur_lid) cur_lid = Py_NewRef(Py_None); /* no glyph: one empty run, as Python's */
    if (close_run(runs, cur_lid, pieces) < 0) goto error;
    Py_DECREF(cur_lid);
    Py_DECREF(pieces);
    PyMem_Free(space);
    PyMem_Free(x0);
    PyMem_Free(x1);
    PyMem_Free(widths);
    return runs;
error:
    Py_XDECREF(cur_lid);
    Py_XDECREF(pieces);
    Py_XDECREF(runs);
    PyMem_Free(space);
    PyMem_Free(x0);
    PyMem_Free(x1);
    PyMem_Free(widths);
    return NULL;
}

static PyMethodDef methods[] = {
    {"glyphs", glyphs, METH_VARARGS, "A page's glyphs: pdfium._glyphs_python, compiled."},
    {"path_segments", path_segments, METH_VARARGS, "A page's path strokes: the walk of pdfium._rules_python, compiled."},
    {"line_groups", line_groups, METH_O, "A cell's glyphs as visual lines: layout._line_groups_python, compiled."},
    {"link_ids", link_ids, METH_VARARGS, "The link of each glyph of a line: text._link_ids_python, compiled."},
    {"assign_cells", assign_cells, METH_VARARGS, "A page's glyphs into grid cells: layout._assign_python, compiled."},
    {"phantom_spaces", phantom_spaces, METH_O, "The space glyphs a letter covers: text._phantom_python, compiled."},
    {"line_runs", line_runs, METH_VARARGS, "A line's text in runs of one link: text._runs_python, compiled."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_speedups", "The PDF reader's per-glyph loops, compiled (optional).", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
