// The search page /tim-kiem/: reads the index's files as a query needs them and ranks the
// results by the rules of loa's src/search/rank.rs, step by step, so that `loa search` shows
// what citizens find here. The index lives beside this script, so the page works at any
// address (a site under a folder, relative links, `loa serve`).
(function () {
  "use strict";
  var here = document.currentScript.src;
  var dir = new URL("chi-muc/", here);
  var root = new URL("../", here);
  var PER_PAGE = 10, FIRST_LOOK = 5, EXPANSIONS = 5, PREFIX_SHARE = 0.5, MIN_PREFIX = 2, BEFORE = 8, WORDS = 30;
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var FINALS = /^qui(c|ch|m|n|ng|nh|p|t)?$/;

  var form = document.getElementById("tim");
  var input = document.getElementById("tim-q");
  var status = document.getElementById("tim-trang-thai");
  var list = document.getElementById("ket-qua");
  var more = document.getElementById("tim-them");
  var selects = { muc: "tim-muc", "don-vi": "tim-don-vi", nam: "tim-nam" };

  // --- Words and their keys (src/base/vi/syllable.rs) ---
  function fold(s) {
    return s.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");
  }
  // Letters without tone and the tone marks: two spellings of a word compare equal.
  function toneKey(word) {
    var lower = word.normalize("NFD").toLowerCase();
    var tones = (lower.match(TONES) || []).join("");
    var base = lower.replace(TONES, "").normalize("NFC");
    var m = FINALS.exec(base);
    if (m) base = "quy" + (m[1] || "");
    return { base: base, tones: tones };
  }
  function sameKey(a, b) { return a.base === b.base && a.tones === b.tones; }
  // Runs of word characters; each character is tested once (the Unicode classes of a
  // regular expression are slow on a cheap phone).
  var wordChars = new Map(), ONE = /^[\p{Alphabetic}\p{N}\p{M}]$/u;
  function isWord(c) {
    var code = c.charCodeAt(0);
    if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    // Latin letters and combining marks, where Vietnamese lives, without a regular expression.
    if ((code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) || (code >= 0x300 && code <= 0x36f) || (code >= 0x1e00 && code <= 0x1eff)) return true;
    var w = wordChars.get(c);
    if (w === undefined) { w = ONE.test(c); wordChars.set(c, w); }
    return w;
  }
  function words(text) {
    var out = [], start = -1, i = 0;
    while (i <= text.length) {
      var cp = i < text.length ? text.codePointAt(i) : 32, c = String.fromCodePoint(cp), len = c.length;
      if (i < text.length && isWord(c)) { if (start < 0) start = i; }
      else if (start >= 0) { out.push({ start: start, end: i, text: text.slice(start, i) }); start = -1; }
      i += len;
    }
    return out;
  }

  // --- The query (src/search/query.rs) ---
  function parse(text) {
    var terms = [], phrases = 0, open = false;
    var parts = text.split(/["“”]/);
    parts.forEach(function (part, n) {
      var quoted = n % 2 === 1, ws = words(part), phrase = null;
      if (quoted && ws.length) phrase = phrases++;
      ws.forEach(function (w) {
        var k = toneKey(w.text), folded = fold(k.base);
        terms.push({ typed: w.text, key: k, folded: folded, marked: k.tones !== "" || k.base !== folded, phrase: phrase });
      });
      if (ws.length) open = !quoted && ws[ws.length - 1].end === part.length;
      else if (part !== "" || quoted) open = false;
    });
    var last = terms[terms.length - 1];
    var prefix = open && !!last && (terms.length > 1 || Array.from(last.folded).length >= MIN_PREFIX);
    return { terms: terms, prefix: prefix };
  }
  function bound(q, i) {
    var a = q.terms[i], b = q.terms[i + 1];
    return a.phrase !== null && a.phrase === b.phrase;
  }

  // --- The index's files ---
  var files = {};
  function get(name) {
    if (!files[name]) {
      files[name] = fetch(new URL(name, dir)).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
      files[name].catch(function () { delete files[name]; });
    }
    return files[name];
  }
  // Lists of docs (src/search/code.rs): base-32 varints in URL-safe base-64 letters, each
  // a gap from the doc after the last (times 9, plus the weight less one, in postings).
  var LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = new Int8Array(128).fill(-1);
  for (var l = 0; l < 64; l++) VALUE[LETTERS.charCodeAt(l)] = l;
  var POW = [1, 32, 1024, 32768, 1048576, 33554432, 1073741824];
  function decode(text, weighted) {
    var docs = new Uint32Array(text.length), weights = new Uint8Array(text.length);
    var count = 0, v = 0, shift = 0, next = 0;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i), n = code < 128 ? VALUE[code] : -1;
      if (n < 0 || shift > 6) break;
      v += (n & 31) * POW[shift++];
      if (n & 32) continue;
      var w = weighted ? v % 9 : 0, doc = next + (weighted ? (v - w) / 9 : v);
      docs[count] = doc;
      weights[count++] = weighted ? w + 1 : 0;
      next = doc + 1;
      v = 0; shift = 0;
    }
    return { docs: docs.subarray(0, count), weights: weights.subarray(0, count) };
  }
  // The entries of family `t` (words) or `b` (pairs) whose key is `key`, or starts with it,
  // each as its docs (all spellings together, exact key "") followed by the spellings that
  // `marks` picks; a long list is read whole only for the entry that is `key` itself.
  function listOf(family, l, full) {
    var own = Array.isArray(l);
    var p = own && full ? get(family + "p" + l[0] + ".json") : Promise.resolve(own ? l[2] : l);
    return p.then(function (text) {
      var d = decode(text, true);
      return { exact: "", df: own ? l[1] : d.docs.length, docs: d.docs, weights: d.weights };
    });
  }
  // `rough`: while a word is being typed, even the entry that is `key` gives only its head
  // (the whole list comes when typing pauses, see `run`).
  function entries(meta, family, key, whole, marks, rough) {
    var firsts = meta[family], lo = 0, hi = firsts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (firsts[mid] <= key) lo = mid + 1; else hi = mid; }
    var start = Math.max(lo - 1, 0), names = [];
    for (var n = start; n < firsts.length; n++) {
      if (n > start && !(firsts[n] <= key || (!whole && firsts[n].indexOf(key) === 0))) break;
      names.push(family + n + ".json");
    }
    return Promise.all(names.map(get)).then(function (shards) {
      var found = [];
      shards.forEach(function (shard) {
        shard.forEach(function (e) {
          if (whole ? e[0] === key : e[0].indexOf(key) === 0) found.push(e);
        });
      });
      return Promise.all(found.map(function (e) {
        var full = e[0] === key && !rough, spellings = e[2];
        var lists = [listOf(family, e[1] === null ? spellings[0][1] : e[1], full)];
        spellings.forEach(function (sp) {
          if (marks && marks(sp[0])) {
            lists.push(listOf(family, sp[1], full).then(function (v) { v.exact = sp[0]; return v; }));
          }
        });
        return Promise.all(lists).then(function (variants) { return { key: e[0], variants: variants }; });
      }));
    });
  }

  // --- Ranking (src/search/rank.rs) ---
  function startsLike(whole, prefix) {
    var w = toneKey(whole), p = toneKey(prefix);
    return w.base.indexOf(p.base) === 0 && (p.tones === "" || w.tones === p.tones);
  }
  function mostFrequent(es) {
    var df = function (e) { return e.variants.length ? e.variants[0].df : 0; };
    var cmp = function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : 0; };
    es = es.slice().sort(function (a, b) { return df(b) - df(a) || cmp(a, b); }).slice(0, EXPANSIONS);
    return es.sort(cmp);
  }
  // Where a word or pair was found: per doc its best weight (0: not found) and whether with
  // the typed marks; `size` counts the docs.
  function Found(n) { this.w = new Float64Array(n); this.ex = new Uint8Array(n); this.size = 0; }
  function add(found, variants, t, share, sameMarks) {
    variants.forEach(function (v) {
      var exact = t.marked && sameMarks(v.exact) ? 1 : 0;
      for (var i = 0; i < v.docs.length; i++) {
        var d = v.docs[i], w = v.weights[i] * share;
        if (found.w[d] === 0) found.size++;
        if (w > found.w[d]) found.w[d] = w;
        found.ex[d] |= exact;
      }
    });
  }
  function second(k) { var i = k.indexOf(" "); return i < 0 ? "" : k.slice(i + 1); }
  function term(meta, q, i) {
    var t = q.terms[i], last = i + 1 === q.terms.length, found = new Found(meta.docs);
    if (!(last && q.prefix)) {
      var same = function (v) { return sameKey(toneKey(v), t.key); };
      return entries(meta, "t", t.folded, true, t.marked ? same : null, q.heads).then(function (es) {
        es.forEach(function (e) { add(found, e.variants, t, 1, same); });
        return found;
      });
    }
    var typed = t.key.base + t.key.tones;
    var like = function (v) { return startsLike(v, typed); };
    var byWord = Array.from(t.folded).length >= MIN_PREFIX ? entries(meta, "t", t.folded, false, t.marked ? like : null, q.rough) : Promise.resolve([]);
    var after = i > 0 ? entries(meta, "b", q.terms[i - 1].folded + " " + t.folded, false, null, q.rough) : Promise.resolve([]);
    return Promise.all([byWord, after]).then(function (r) {
      mostFrequent(r[0]).forEach(function (e) {
        add(found, e.variants, t, e.key === t.folded ? 1 : PREFIX_SHARE, like);
      });
      mostFrequent(r[1]).forEach(function (e) {
        add(found, e.variants, t, second(e.key) === t.folded ? 1 : PREFIX_SHARE, function (v) {
          return v.indexOf(" ") >= 0 && startsLike(second(v), typed);
        });
      });
      return found;
    });
  }
  function pair(meta, q, i) {
    var a = q.terms[i - 1], b = q.terms[i], key = a.folded + " " + b.folded, found = new Found(meta.docs);
    var plain = { marked: false };
    var none = function () { return false; };
    if (i + 1 === q.terms.length && q.prefix) {
      return entries(meta, "b", key, false, null, q.rough).then(function (es) {
        mostFrequent(es).forEach(function (e) { add(found, e.variants, plain, e.key === key ? 1 : PREFIX_SHARE, none); });
        return found;
      });
    }
    return entries(meta, "b", key, true, null, q.heads).then(function (es) {
      es.forEach(function (e) { add(found, e.variants, plain, 1, none); });
      return found;
    });
  }
  function idf(df, n) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }
  // Ranks the docs (src/search/rank.rs `combine`); sums in the same order, so scores are
  // the same to the last bit.
  function combine(q, terms, pairs, allowed, n) {
    var missing = [], count = new Uint8Array(n), exact = new Uint8Array(n), together = new Uint8Array(n);
    var score = new Float64Array(n), d, i;
    q.terms.forEach(function (t, i) { if (!terms[i].size) missing.push(t.typed); });
    terms.forEach(function (f) {
      var rare = idf(f.size, n);
      for (var d = 0; d < n; d++) if (f.w[d] > 0) { count[d]++; exact[d] += f.ex[d]; score[d] += rare * f.w[d]; }
    });
    pairs.forEach(function (f) {
      var rare = idf(f.size, n);
      for (var d = 0; d < n; d++) if (f.w[d] > 0 && count[d] > 0) { together[d]++; score[d] += rare * f.w[d]; }
    });
    var most = 0, hits = [];
    for (d = 0; d < n; d++) {
      if (!count[d] || (allowed && !allowed.has(d))) continue;
      var ok = true;
      for (i = 0; i < pairs.length && ok; i++) if (bound(q, i) && pairs[i].w[d] === 0) ok = false;
      if (!ok) continue;
      if (count[d] > most) { most = count[d]; hits = []; }
      if (count[d] === most) hits.push(d);
    }
    var foundTerms = terms.filter(function (f) { return f.size > 0; }).length;
    var before = function (a, b) {
      return (exact[b] - exact[a]) || (together[b] - together[a]) || (score[b] - score[a]) || (a - b);
    };
    return { hits: hits, before: before, sorted: 0, missing: missing, partial: most > 0 && most < foundTerms };
  }
  // The first `k` hits in order, sorting no more than needed: the first page of a common
  // word picks 10 of thousands.
  function firstHits(answer, k) {
    var h = answer.hits;
    if (answer.sorted >= Math.min(k, h.length)) return h.slice(0, k);
    if (k >= h.length / 4) { h.sort(answer.before); answer.sorted = h.length; return h.slice(0, k); }
    var top = [];
    for (var i = 0; i < h.length; i++) {
      if (top.length === k && answer.before(h[i], top[k - 1]) >= 0) continue;
      var at = top.length;
      while (at > 0 && answer.before(h[i], top[at - 1]) < 0) at--;
      top.splice(at, 0, h[i]);
      if (top.length > k) top.pop();
    }
    // The rest keep their order after the first `k`, which are now in place.
    var chosen = new Set(top);
    answer.hits = top.concat(h.filter(function (d) { return !chosen.has(d); }));
    answer.sorted = top.length;
    return top;
  }
  // The docs the filters allow: `null` for all, an empty set when a value is unknown.
  function filtered(meta, filters) {
    var want = [];
    var find = function (list, id, letter) {
      if (!id) return;
      var i = list.findIndex(function (e) { return e[0] === id; });
      want.push(i < 0 ? null : letter + i + ".json");
    };
    find(meta.muc, filters.muc, "m");
    find(meta.don_vi, filters["don-vi"], "v");
    if (filters.nam) want.push(meta.nam.indexOf(Number(filters.nam)) < 0 ? null : "n" + filters.nam + ".json");
    if (!want.length) return Promise.resolve(null);
    if (want.indexOf(null) >= 0) return Promise.resolve(new Set());
    return Promise.all(want.map(get)).then(function (sets) {
      var all = sets.map(function (s) { return new Set(decode(s, false).docs); });
      return new Set(Array.from(all[0]).filter(function (d) { return all.every(function (s) { return s.has(d); }); }));
    });
  }
  function search(q, filters) {
    return get("meta.json").then(function (meta) {
      var ts = q.terms.map(function (_, i) { return term(meta, q, i); });
      var ps = q.terms.slice(1).map(function (_, i) { return pair(meta, q, i + 1); });
      return Promise.all([Promise.all(ts), Promise.all(ps), filtered(meta, filters)]).then(function (r) {
        return combine(q, r[0], r[1], r[2], meta.docs);
      });
    });
  }

  // --- Showing results ---
  // Whether a word of a result is one of the query's (the last one as a prefix while
  // typed); folding is slow on a cheap phone, so a word is folded once and only when its
  // first letter could match.
  var folds = new Map();
  // Letter by letter, each letter's fold looked up: the same as folding the word, whether
  // it came in NFC or NFD (a combining mark alone folds to nothing).
  function foldWord(word) {
    var f = "";
    for (var i = 0; i < word.length; i++) {
      var c = word[i], code = c.charCodeAt(0);
      if (code < 128) { f += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : c; continue; }
      var g = folds.get(c);
      if (g === undefined) { g = fold(c).toLowerCase(); folds.set(c, g); }
      f += g;
    }
    return f;
  }
  function matcher(q) {
    var firsts = new Set(q.terms.map(function (t) { return t.folded.charAt(0); })), last = q.terms.length - 1;
    return function (word) {
      if (!firsts.has(foldWord(word.charAt(0)))) return false;
      var f = foldWord(word), m = FINALS.exec(f);
      if (m) f = "quy" + (m[1] || ""); // the index's key: "quí" is "quý"
      return q.terms.some(function (t, i) { return f === t.folded || (q.prefix && i === last && f.indexOf(t.folded) === 0); });
    };
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // `text` into `parent`, its matched words in <mark>.
  function marked(parent, text, q, ranges) {
    var at = 0;
    ranges.forEach(function (r) {
      parent.appendChild(document.createTextNode(text.slice(at, r[0])));
      parent.appendChild(el("mark", "", text.slice(r[0], r[1])));
      at = r[1];
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
  }
  function titleRanges(text, q) {
    var matches = matcher(q);
    return words(text).filter(function (w) { return matches(w.text); }).map(function (w) { return [w.start, w.end]; });
  }
  function excerpt(text, q) {
    var matches = matcher(q), ws = words(text), hit = ws.map(function (w) { return matches(w.text); });
    var first = -1;
    for (var i = 0; i + 1 < ws.length; i++) if (hit[i] && hit[i + 1]) { first = i; break; }
    if (first < 0) first = Math.max(hit.indexOf(true), 0);
    var from = Math.max(first - BEFORE, 0), to = Math.min(from + WORDS, ws.length);
    if (from >= to) return { text: "", ranges: [] };
    var lead = from > 0 ? "… " : "", start = ws[from].start;
    var end = to === ws.length ? text.trimEnd().length : ws[to - 1].end;
    var body = text.slice(start, end).replace(/\n/g, " ");
    var ranges = [];
    for (var j = from; j < to; j++) if (hit[j]) ranges.push([lead.length + ws[j].start - start, lead.length + ws[j].end - start]);
    return { text: lead + body + (to < ws.length ? " …" : ""), ranges: ranges };
  }
  function day(iso) { var p = iso.split("-"); return p[2] + "/" + p[1] + "/" + p[0]; }
  function item(doc, q) {
    var li = el("li", "result");
    var a = el("a", "result-title");
    a.href = new URL(doc.u.replace(/^\//, ""), root).href;
    marked(a, doc.t, q, titleRanges(doc.t, q));
    li.appendChild(a);
    var meta = el("p", "meta");
    meta.appendChild(document.createTextNode(doc.m));
    if (doc.d) {
      meta.appendChild(document.createTextNode(" · "));
      var time = el("time", "", day(doc.d));
      time.setAttribute("datetime", doc.d);
      meta.appendChild(time);
    }
    if (doc.v) meta.appendChild(document.createTextNode(" · " + doc.v));
    li.appendChild(meta);
    return li;
  }
  // The excerpt of a result's text, under its title (once, when its text has come).
  function addExcerpt(li, text, q) {
    if (li.querySelector(".result-excerpt")) return;
    var ex = excerpt(text, q);
    if (!ex.text) return;
    var p = el("p", "result-excerpt");
    marked(p, ex.text, q, ex.ranges);
    li.appendChild(p);
  }
  function link(text, params) {
    var a = el("a", "", text);
    a.href = "?" + new URLSearchParams(params).toString();
    return a;
  }
  function say(parts) {
    status.textContent = "";
    parts.forEach(function (p) {
      var line = el("p");
      p.forEach(function (x) { line.appendChild(typeof x === "string" ? document.createTextNode(x) : x); });
      status.appendChild(line);
    });
  }
  function quote(s) { return "«" + s + "»"; }
  // 12.345, as Vietnamese writes it (without Intl, whose first use is slow on a cheap phone).
  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  function summary(q, text, answer, filters) {
    var lines = [];
    var n = answer.hits.length;
    if (answer.missing.length && n) {
      lines.push(["Không trang nào có " + answer.missing.map(quote).join(", ") + "; kết quả dưới đây không tính từ đó."]);
    } else if (answer.partial && n) {
      lines.push(["Không trang nào có đủ mọi từ của " + quote(text.trim()) + "; dưới đây là các trang có nhiều từ nhất."]);
    }
    if (n) {
      lines.unshift(["Tìm thấy " + thousands(n) + " kết quả cho " + quote(text.trim()) + "."]);
      return lines;
    }
    lines.push(["Không tìm thấy kết quả nào cho " + quote(text.trim()) + "."]);
    var tips = ["Thử "];
    var plain = q.terms.map(function (t) { return t.folded; }).join(" ");
    if (q.terms.some(function (t) { return t.marked; })) {
      tips.push("gõ không dấu: ", link(plain, Object.assign({}, filters, { q: plain })));
    }
    if (q.terms.length > 1) {
      var fewer = q.terms.slice(0, -1).map(function (t) { return t.typed; }).join(" ");
      if (tips.length > 1) tips.push(", hoặc ");
      tips.push("bớt từ: ", link(fewer, Object.assign({}, filters, { q: fewer })));
    }
    var filtering = Object.keys(filters).length > 0;
    if (filtering) {
      if (tips.length > 1) tips.push(", hoặc ");
      tips.push("tìm ", link("trong mọi chuyên mục, đơn vị và năm", { q: text.trim() }));
    }
    if (tips.length > 1) { tips.push("."); lines.push(tips); }
    return lines;
  }

  // `fn` once the page has painted (a frame, or 100 ms where frames do not come: a hidden tab).
  function afterPaint(fn) {
    var done = false, once = function () { if (!done) { done = true; fn(); } };
    requestAnimationFrame(function () { setTimeout(once, 0); });
    setTimeout(once, 100);
  }
  var shown = null, seq = 0, addressTimer = 0, ADDRESS_DELAY = 400, refineTimer = 0, REFINE_DELAY = 300;
  // The title files (`d/<n>.json`) of results `docs`.
  function titles(docs) { return Promise.all(docs.map(function (d) { return get("d/" + d + ".json"); })); }
  // The results `docs` of `s` (`titled`: their title files) in the list, after those shown; a
  // result already shown for the same query keeps its element (and its excerpt).
  function append(s, docs, titled, before) {
    titled.forEach(function (doc, i) {
      var li = before.get(docs[i]) || item(doc, s.q);
      s.items.set(docs[i], li);
      list.appendChild(li);
    });
    s.count += docs.length;
    more.hidden = s.q.rough || s.count >= s.answer.hits.length;
  }
  // The excerpts of the results `docs` of `s`, from their texts.
  function excerpts(s, docs) {
    return Promise.all(docs.map(function (d) { return get("x/" + d + ".json"); })).then(function (texts) {
      if (s !== shown) return;
      texts.forEach(function (text, i) { addExcerpt(s.items.get(docs[i]), text, s.q); });
    }, function () {}); // a result without its excerpt still leads to the page
  }
  function showMore() {
    if (!shown) return;
    var s = shown, batch = firstHits(s.answer, s.count + PER_PAGE).slice(s.count);
    batch.forEach(function (d) { get("x/" + d + ".json").catch(function () {}); });
    return titles(batch).then(function (titled) {
      if (s !== shown) return;
      append(s, batch, titled, new Map());
      return excerpts(s, batch);
    });
  }
  function filtersNow() {
    var f = {};
    Object.keys(selects).forEach(function (name) {
      var v = document.getElementById(selects[name]).value;
      if (v) f[name] = v;
    });
    return f;
  }
  // Runs the query in the box. While a word is typed (`how` is "typed"), its frequent
  // completions and the word itself are read from the shards' heads (`rough`) and the first
  // five results show without excerpts, so each key costs little; once typing pauses the
  // query runs again with whole lists, as `loa search` does, and the excerpts come. Pasted, a first
  // answer from the heads of every list shows when it has pages with every word (`heads`),
  // and the whole one follows once it is painted.
  function run(keepUrl, how) {
    var text = input.value, q = parse(text), filters = filtersNow(), mine = ++seq;
    // `heads`: every list read as its head; `rough`: at least the last word's (a prefix).
    q.heads = how === "pasted";
    q.rough = q.heads || (!!how && q.prefix);
    var whole = function () { if (mine === seq) run(true); };
    clearTimeout(refineTimer);
    if (how === "typed" && q.rough) refineTimer = setTimeout(whole, REFINE_DELAY);
    if (!keepUrl) {
      // Once typing pauses: browsers ignore a page that rewrites its address too often.
      clearTimeout(addressTimer);
      addressTimer = setTimeout(function () {
        var params = new URLSearchParams(Object.assign({ q: text }, filters));
        history.replaceState(null, "", "?" + params.toString());
      }, ADDRESS_DELAY);
    }
    if (!q.terms.length) {
      shown = null;
      list.textContent = "";
      more.hidden = true;
      say(text.trim() ? [["Hãy gõ ít nhất một chữ hoặc số."]] : []);
      return Promise.resolve();
    }
    return search(q, filters).then(function (answer) {
      if (mine !== seq) return;
      // Heads alone cannot tell that no page has every word.
      if (q.heads && (!answer.hits.length || answer.partial || answer.missing.length)) return whole();
      // A first look shows fewer results: each key would fetch ten titles otherwise.
      var top = firstHits(answer, q.rough ? FIRST_LOOK : PER_PAGE);
      // Fetched before the list is emptied, so that it never flashes empty.
      return titles(top).then(function (titled) {
        if (mine !== seq) return;
        var before = shown && shown.text === text ? shown.items : new Map();
        var s = shown = { q: q, text: text, answer: answer, count: 0, items: new Map() };
        list.textContent = "";
        say(summary(q, text, answer, filters));
        append(s, top, titled, before);
        if (!q.rough) return excerpts(s, top);
        // After the first answer is painted: the whole lists take a while to decode.
        if (q.heads) afterPaint(whole);
      });
    }, function () {
      if (mine !== seq) return;
      say([["Không đọc được chỉ mục tìm kiếm. Hãy tải lại trang sau ít phút."]]);
    });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  Object.keys(selects).forEach(function (name) {
    var s = document.getElementById(selects[name]);
    s.value = params.get(name) || "";
    s.addEventListener("change", function () { run(false); });
  });
  // A paste or a drop puts the whole query in at once: no more keys are coming.
  var AT_ONCE = /^insertFrom(Paste|Drop)|^insertReplacementText/;
  input.addEventListener("input", function (e) { run(false, AT_ONCE.test(e.inputType || "") ? "pasted" : "typed"); });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(false); });
  more.addEventListener("click", function () { showMore(); });
  if (input.value) run(true, "pasted"); // from the header's box of another page: a whole query at once
  // The first query needs the index's table of contents: it comes while the reader types.
  else get("meta.json").catch(function () {});
})();
