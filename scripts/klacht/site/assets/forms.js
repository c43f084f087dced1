// Forms of the Klachtenregister (SPEC §7), plain JavaScript without libraries.
// Checks each field as it is typed, with the messages of `klacht check`; makes the record file
// as exact text: whatever is typed is written as a double-quoted YAML scalar, escaped as PyYAML
// escapes it, so `klacht new` writes the same text for the same answers; keeps a draft in this
// browser until the file is made; links to the forge.
(function () {
  "use strict";

  // ---- YAML text ---------------------------------------------------------------------------
  var ESCAPES = { "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v",
    "\f": "f", "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N",
    "\u2028": "L", "\u2029": "P" };
  var KEYWORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
  var MOMENT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;
  var DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  var PARTS = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
  var DUTCH = /^(\d{1,2})-(\d{1,2})-(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$/;
  // The characters Python's str.strip() removes (JavaScript's trim() differs).
  var SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var STRIP = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");

  function hex(code, width) {
    return code.toString(16).toUpperCase().padStart(width, "0");
  }

  // A double-quoted scalar as PyYAML writes it with allow_unicode: printable text as it is,
  // everything else escaped; read back, it is exactly the text.
  function quoted(text) {
    var out = '"';
    for (var ch of text) {
      var code = ch.codePointAt(0);
      if (ESCAPES[ch] !== undefined) out += "\\" + ESCAPES[ch];
      else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) ||
               (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)) out += ch;
      else if (code <= 0xff) out += "\\x" + hex(code, 2);
      else if (code <= 0xffff) out += "\\u" + hex(code, 4);
      else out += "\\U" + hex(code, 8);
    }
    return out + '"';
  }

  // A record code (`phone`, `self`) or a date written as made here stays plain; the rest quoted.
  function scalar(value) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean" || typeof value === "number") return String(value);
    if ((/^[a-z][a-z0-9_]*$/.test(value) && !KEYWORDS.test(value)) ||
        DATE.test(value) || /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$/.test(value)) {
      return value;
    }
    return quoted(value);
  }

  // One field with its value as YAML lines, indented; lists of mappings in the house style.
  function dump(key, value, indent) {
    var pad = " ".repeat(indent);
    if (Array.isArray(value)) {
      if (!value.length) return pad + key + ": []\n";
      return pad + key + ":\n" + value.map(function (item) {
        if (item === null || typeof item !== "object") return pad + "  - " + scalar(item) + "\n";
        var lines = Object.keys(item).map(function (k) { return dump(k, item[k], indent + 4); }).join("");
        return pad + "  - " + lines.slice(indent + 4);
      }).join("");
    }
    if (value !== null && typeof value === "object") {
      var keys = Object.keys(value);
      if (!keys.length) return pad + key + ": {}\n";
      return pad + key + ":\n" + keys.map(function (k) { return dump(k, value[k], indent + 2); }).join("");
    }
    return pad + key + ": " + scalar(value) + "\n";
  }

  // The whole file with top-level blocks set: `chunks` is the file cut before each top-level
  // field ([key, text], the header with key null); a block that is there is replaced, a new one
  // goes where the schema's order puts it. Everything else stays byte for byte.
  function withBlocks(chunks, order, blocks) {
    var out = chunks.map(function (c) { return [c[0], c[1]]; });
    Object.keys(blocks).forEach(function (key) {
      var text = dump(key, blocks[key], 0);
      var at = out.findIndex(function (c) { return c[0] === key; });
      if (at >= 0) { out[at][1] = text; return; }
      var rank = order.indexOf(key);
      var after = -1;
      out.forEach(function (c, i) {
        if (c[0] === null || order.indexOf(c[0]) < rank) after = i;
      });
      if (after >= 0 && out[after][1] && !out[after][1].endsWith("\n")) out[after][1] += "\n";
      out.splice(after + 1, 0, [key, text]);
    });
    return out.map(function (c) { return c[1]; }).join("");
  }

  // ---- Times in the register's time zone ----------------------------------------------------
  function offsetAt(ms, tz) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric",
      month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = +p.value; });
    var wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
  }

  function offsetText(minutes) {
    var sign = minutes < 0 ? "-" : "+";
    var m = Math.abs(minutes);
    return sign + String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");
  }

  // The local wall time as ISO text with the zone's offset, as `klacht new` writes `received`.
  function localText(ms, tz) {
    var off = offsetAt(ms, tz);
    var d = new Date(ms + off * 60000);
    return d.toISOString().slice(0, 19) + offsetText(off);
  }

  // Now in the register's time zone as people type it: `24-11-2026 10:42` or `24-11-2026`.
  function nowText(tz, withTime) {
    var local = localText(Date.now(), tz);
    var day = local.slice(8, 10) + "-" + local.slice(5, 7) + "-" + local.slice(0, 4);
    return withTime ? day + " " + local.slice(11, 16) : day;
  }

  function realDate(y, m, d) {
    var t = new Date(Date.UTC(y, m - 1, d));
    return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }

  // ---- Checking a field ---------------------------------------------------------------------
  function strip(text) { return text.replace(STRIP, ""); }

  function say(template, value) { return template.split("{value}").join(value); }

  function dutchToIso(text, withTime) {
    var m = DUTCH.exec(text);
    if (!m) return text;
    var day = m[3] + "-" + m[2].padStart(2, "0") + "-" + m[1].padStart(2, "0");
    if (m[4] && withTime) return day + "T" + m[4].padStart(2, "0") + ":" + m[5];
    return m[4] ? text : day;
  }

  // A phone number as `klacht check` judges it (library phonenumbers), for the register's region:
  // the number starts at its first digit or +, an extension and trailing letters are left off,
  // and what remains must fit one of the region's number patterns; a number of another country
  // only needs a plausible length (the check judges it after the commit).
  function phoneOk(text, rule) {
    var start = text.search(/[+0-9]/);
    if (start < 0) return false;
    var number = text.slice(start)
      .replace(/\s*(?:ext\.?|extension|x|#|toestel|tst\.?)\s*\d+\s*$/i, "")
      .replace(/[^0-9#]+$/, "");
    if (!/^\+?[0-9 ().\/-]+$/.test(number)) return false;
    var digits = number.replace(/[^0-9+]/g, "");
    var intl = digits[0] === "+" ? digits.slice(1) : (digits.slice(0, 2) === "00" ? digits.slice(2) : null);
    if (!rule || !rule.patterns) return digits.replace("+", "").length >= 6;
    var fits = function (national) {
      return rule.patterns.some(function (p) {
        return (!p[1].length || p[1].indexOf(national.length) >= 0) &&
          new RegExp("^(?:" + p[0] + ")$").test(national);
      });
    };
    var withoutPrefix = function (national) {
      return rule.prefix && national.indexOf(rule.prefix) === 0 ? national.slice(rule.prefix.length) : national;
    };
    if (intl !== null) {
      if (intl.indexOf(rule.cc) !== 0) return intl.length >= 8 && intl.length <= 15;
      var rest = intl.slice(rule.cc.length);
      return fits(rest) || fits(withoutPrefix(rest));
    }
    return fits(withoutPrefix(digits));
  }

  // The value a field's text stands for, or the message why it cannot be used.
  function checkField(f, raw, cfg) {
    var text = strip(raw);
    var msg = f.messages;
    if (!text) return f.required ? { error: msg.required } : { value: null };
    if (f.kind === "moment" || f.kind === "date") {
      var iso = dutchToIso(text, f.kind === "moment");
      if (f.kind === "date" ? !DATE.test(iso) : !MOMENT.test(iso)) {
        if (f.kind === "moment" && DATE.test(iso)) return { error: say(msg.bare, text) };
        return { error: say(msg.pattern, text) };
      }
      var n = PARTS.exec(iso.length === 10 ? iso + "T00:00" : iso);
      var y = +n[1], mo = +n[2], d = +n[3], h = +n[4], mi = +n[5], sec = +(n[6] || 0);
      if (!realDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) {
        return { error: say(msg.invalid, text) };
      }
      if (f.kind === "date") return { value: iso, day: iso };
      var ms;
      var wall = Date.UTC(y, mo - 1, d, h, mi, sec);
      if (n[7]) {
        var zm = n[7] === "Z" ? 0 : (n[7][0] === "-" ? -1 : 1) * (+n[7].slice(1, 3) * 60 + +n[7].slice(4, 6));
        ms = wall - zm * 60000;
      } else {
        var found = [];
        [offsetAt(wall - 86400000, cfg.tz), offsetAt(wall + 86400000, cfg.tz)].forEach(function (o) {
          var at = wall - o * 60000;
          if (offsetAt(at, cfg.tz) === o && found.indexOf(at) < 0) found.push(at);
        });
        if (!found.length) return { error: say(msg.nonexistent, text) };
        if (found.length > 1) return { error: say(msg.ambiguous, text) };
        ms = found[0];
      }
      if (msg.future && ms > Date.now() + 5 * 60000) return { error: say(msg.future, text) };
      var written = localText(ms, cfg.tz);
      return { value: written, day: written.slice(0, 10), ms: ms };
    }
    if (f.kind === "phone" && !phoneOk(text, cfg.phone)) return { error: say(msg.invalid, text) };
    if (f.kind === "email" && !/^[^@\s]+@[^@\s]+$/.test(text)) return { error: say(msg.invalid, text) };
    if (f.kind === "choice" && f.choices.indexOf(text) < 0) {
      return { error: say(msg.invalid || msg.required, text) };
    }
    if (f.kind === "yesno") return { value: text === "true" };
    return { value: text };
  }

  // ---- A form on the page ---------------------------------------------------------------------
  function Form(form, cfg) {
    this.form = form;
    this.cfg = cfg;
    this.spec = JSON.parse(form.dataset.klachtSpec || "{}");
    this.key = "klacht-concept:" + location.pathname + ":" + form.dataset.stap;
    this.touched = {};
    this.fields = {};
    var self = this;
    form.querySelectorAll("[data-klacht-veld]").forEach(function (box) {
      var path = box.dataset.klachtVeld;
      var first = box.querySelector("[name]");
      self.fields[path] = {
        path: path, box: box,
        kind: (self.spec.kinds || {})[path] || kindOf(first),
        required: first.getAttribute("aria-required") === "true",
        label: box.querySelector("label").firstChild.textContent.trim(),
        messages: (self.spec.messages || {})[path] || {},
        choices: Array.prototype.map.call(box.querySelectorAll("option, input[type=radio]"),
          function (o) { return o.value; }).filter(Boolean),
      };
    });
    var start = this.spec.values || {};
    Object.keys(start).forEach(function (path) {
      form.querySelectorAll('[name="' + path + '"]').forEach(function (i) {
        if (i.type === "radio") i.checked = i.value === start[path];
        else i.value = start[path];
      });
    });
    form.querySelectorAll("[data-klacht-nu]").forEach(function (input) {
      if (!input.value) input.value = nowText(cfg.tz, input.dataset.klachtNu === "moment");
    });
    this.restore();
    form.addEventListener("input", function (e) { self.changed(e.target); });
    form.addEventListener("change", function (e) { self.changed(e.target); });
    form.addEventListener("focusout", function (e) {
      if (e.target.name) { self.touched[e.target.name] = true; self.show(e.target.name); }
    });
    form.querySelector("[data-klacht-maak]").addEventListener("click", function () { self.make(); });
    var copy = form.querySelector("[data-klacht-kopieer]");
    copy.addEventListener("click", function () { self.copy(copy); });
    var wipe = form.querySelector("[data-klacht-wis]");
    if (wipe) wipe.addEventListener("click", function () { self.discard(); });
  }

  function kindOf(input) {
    if (input.type === "radio") return "yesno";
    if (input.tagName === "SELECT") return "choice";
    return input.tagName === "TEXTAREA" ? "textarea" : "text";
  }

  Form.prototype.raw = function (path) {
    var inputs = this.form.querySelectorAll('[name="' + path + '"]');
    if (inputs.length && inputs[0].type === "radio") {
      var on = Array.prototype.find.call(inputs, function (i) { return i.checked; });
      return on ? on.value : "";
    }
    return inputs.length ? inputs[0].value : "";
  };

  Form.prototype.result = function (path) {
    var f = this.fields[path];
    var res = checkField(f, this.raw(path), this.cfg);
    if (!res.error && res.value && f.messages) {
      var after = (this.spec.after || {})[path] || [];
      for (var i = 0; i < after.length; i++) {
        var earlier = after[i];  // [path, day, ms or null]
        var other = earlier[0] in this.fields ? this.result(earlier[0]) : null;
        var day = other ? other.day : earlier[1];
        var ms = other ? other.ms : earlier[2];
        if (!day) continue;
        var before = (res.ms !== undefined && ms) ? res.ms < ms : res.day < day;
        if (before) return { error: say(f.messages["order." + earlier[0]], strip(this.raw(path))) };
      }
    }
    return res;
  };

  Form.prototype.show = function (path) {
    var f = this.fields[path];
    if (!f) return null;
    var res = this.result(path);
    var shown = res.error && (this.touched[path] || this.tried) ? res.error : "";
    f.box.querySelector(".klacht-error").textContent = shown;
    f.box.querySelectorAll("[name]").forEach(function (i) {
      if (shown) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid");
    });
    return res;
  };

  Form.prototype.changed = function (input) {
    if (!input.name || !(input.name in this.fields)) return;
    if (this.raw(input.name)) this.touched[input.name] = true;
    this.show(input.name);
    if (input.name === "received") this.number();
    this.save();
  };

  Form.prototype.values = function () {
    var out = {};
    for (var path in this.fields) out[path] = this.raw(path);
    return out;
  };

  Form.prototype.save = function () {
    try { localStorage.setItem(this.key, JSON.stringify(this.values())); } catch (e) { /* full */ }
    dirty = true;
  };

  Form.prototype.restore = function () {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(this.key) || "null"); } catch (e) { saved = null; }
    if (!saved) { this.number(); return; }
    for (var path in saved) {
      this.form.querySelectorAll('[name="' + path + '"]').forEach(function (i) {
        if (i.type === "radio") i.checked = i.value === saved[path];
        else i.value = saved[path];
      });
    }
    var note = this.form.querySelector("[data-klacht-concept]");
    if (note) note.hidden = false;
    this.number();
  };

  Form.prototype.discard = function () {
    try { localStorage.removeItem(this.key); } catch (e) { /* none */ }
    dirty = false;
    location.reload();
  };

  // The provisional number, from the year received.
  Form.prototype.number = function () {
    var shown = this.form.querySelector("[data-klacht-nummer]");
    if (!shown || !this.fields.received) return;
    var res = this.result("received");
    if (res.value) shown.textContent = this.newId(res.value.slice(0, 4));
  };

  Form.prototype.newId = function (year) {
    return "K-" + year + "-" + String((this.spec.next || {})[year] || 1).padStart(3, "0");
  };

  Form.prototype.make = function () {
    this.tried = true;
    var values = {};
    var problems = [];
    for (var path in this.fields) {
      var res = this.show(path);
      if (res.error) problems.push([path, res.error]);
      else values[path] = res.value;
    }
    var alert = this.form.querySelector("[role=alert]");
    var out = this.form.querySelector(".klacht-result");
    var yaml = this.form.querySelector("[data-klacht-yaml]");
    if (problems.length) {
      this.refuse(problems);
      var first = this.form.querySelector('[name="' + problems[0][0] + '"]');
      if (first) first.focus();
      return;
    }
    alert.hidden = true;
    alert.textContent = "";
    if (this.form.dataset.stap === "nieuw" && this.cfg.privacy) {
      var named = namedInText(values, this.cfg.privacy.in_text);
      if (named.length) {
        this.refuse(named);
        this.form.querySelector('[name="summary"]').focus();
        return;
      }
      var self = this;
      yaml.value = "";
      out.hidden = true;
      this.seal(values).then(function (sealed) { self.output(self.newRecord(sealed)); },
        function (error) { self.refuse([["customer.name", String(error.message || error)]]); });
      return;
    }
    this.output(this.form.dataset.stap === "nieuw" ? this.newRecord(values) : this.update(values));
  };

  // Privacy mode: name, phone and e-mail encrypted here, in the browser, to the public key of
  // the year received (`age:` and the base64 of an age file; assets/age.js); only public keys
  // are on the page.
  Form.prototype.seal = function (values) {
    var privacy = this.cfg.privacy;
    var year = values.received.slice(0, 4);
    var recipient = privacy.recipients[year];
    if (!recipient || !window.klachtAge) {
      return Promise.reject(new Error(privacy.no_key.split("{year}").join(year)));
    }
    var sealed = merged(values, {});
    var fields = ["customer.name", "customer.phone", "customer.email"].filter(function (f) {
      return sealed[f];
    });
    return Promise.all(fields.map(function (f) {
      return window.klachtAge.encrypt(sealed[f], recipient).then(function (bytes) {
        sealed[f] = "age:" + base64(bytes);
      });
    })).then(function () { return sealed; });
  };

  // Privacy mode: the summary stays readable, so it must not name the customer (as a whole
  // word, any case) nor hold a phone number or an e-mail address: the rule `klacht check`
  // applies where it has the key (privacy.py, `_named_in_text`), with its messages. A phone
  // number is a run of at least 9 digits (with spaces, dots, dashes, brackets or a slash).
  function namedInText(values, messages) {
    var text = values.summary || "";
    var found = [];
    var name = (values["customer.name"] || "").trim().toLowerCase();
    var word = "[\\p{L}\\p{N}_]";
    var quoted = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    var named = new RegExp("(?<!" + word + ")" + quoted + "(?!" + word + ")", "u");
    if (name.length >= 3 && named.test(text.toLowerCase())) found.push(["summary", messages.name]);
    var runs = text.match(/\+?\d[\d\s().\/-]*\d/g) || [];
    var phone = runs.some(function (run) {
      var digits = run.replace(/\D/g, "").length;
      return digits >= 9 && digits <= 15;
    });
    if (phone) found.push(["summary", messages.phone]);
    if (/[^@\s]+@[^@\s]+\.[^@\s]+/.test(text)) found.push(["summary", messages.email]);
    return found;
  }

  function base64(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text);
  }

  // Show the problems in the form's alert; no file is made.
  Form.prototype.refuse = function (problems) {
    var alert = this.form.querySelector("[role=alert]");
    this.form.querySelector("[data-klacht-yaml]").value = "";
    this.form.querySelector(".klacht-result").hidden = true;
    alert.textContent = "";
    var head = document.createElement("p");
    head.textContent = this.cfg.texts.errors;
    var list = document.createElement("ul");
    problems.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p[1];
      list.appendChild(item);
    });
    alert.appendChild(head);
    alert.appendChild(list);
    alert.hidden = false;
  };

  // The made file: its text, its path, the forge link, the download.
  Form.prototype.output = function (made) {
    var out = this.form.querySelector(".klacht-result");
    var yaml = this.form.querySelector("[data-klacht-yaml]");
    yaml.value = made.text;
    this.form.querySelector("[data-klacht-pad]").textContent = made.path;
    var link = this.form.querySelector("[data-klacht-open]");
    var texts = this.cfg.texts;
    var forge = this.cfg.forge;
    var name = made.path.split("/").pop();
    if (forge) {
      link.href = made.isNew ? newFileLink(forge, made.path, made.text) : forge.edit + encodePath(made.path);
      link.textContent = (made.isNew ? texts.open_new : texts.open_edit).replace("{forge}", forge.title);
      link.hidden = false;
    }
    var steps = forge ? (made.isNew ? texts.new_steps : texts.edit_steps) : texts.local_steps.replace("{path}", made.path);
    this.form.querySelector("[data-klacht-uitleg]").textContent = steps;
    var download = this.form.querySelector("[data-klacht-download]");
    download.href = "data:text/yaml;charset=utf-8," + encodeURIComponent(made.text);
    download.setAttribute("download", name);
    out.hidden = false;
    try { localStorage.removeItem(this.key); } catch (e) { /* none */ }
    dirty = false;
  };

  // A new complaint: the fields in the order and form `klacht new` writes them.
  Form.prototype.newRecord = function (v) {
    var year = v.received.slice(0, 4);
    var id = this.newId(year);
    var lines = [this.cfg.header, "id: " + id + "\n", "received: " + v.received + "\n",
      "received_by: " + quoted(v.received_by) + "\n"];
    if (v.channel) lines.push("channel: " + scalar(v.channel) + "\n");
    lines.push("customer:\n", "  name: " + quoted(v["customer.name"]) + "\n",
      "  phone: " + quoted(v["customer.phone"]) + "\n");
    if (v["customer.email"]) lines.push("  email: " + quoted(v["customer.email"]) + "\n");
    lines.push("summary: " + quoted(v.summary) + "\n");
    if (v.category) lines.push("category: " + scalar(v.category) + "\n");
    lines.push("severity: " + scalar(v.severity || "normal") + "\n");
    if (v.acknowledged) lines.push("acknowledged: " + v.acknowledged + "\n");
    if (v.acknowledged_by) lines.push("acknowledged_by: " + scalar(v.acknowledged_by) + "\n");
    this.form.querySelector("[data-klacht-nummer]").textContent = id;
    return { text: lines.join(""), path: this.cfg.dir + "/" + year + "/" + id + ".yaml", isNew: true };
  };

  function pick(values, prefix, keys) {
    var out = {};
    keys.forEach(function (k) {
      var v = values[prefix + k];
      if (v !== null && v !== undefined) out[k] = v;
    });
    return out;
  }

  function merged(old, values) {
    var out = {};
    Object.keys(old || {}).forEach(function (k) { out[k] = old[k]; });
    Object.keys(values).forEach(function (k) { out[k] = values[k]; });
    return out;
  }

  // What each step changes: the top-level blocks it sets, from the record's data and the values.
  var STEPS = {
    triage: function (d, v) { return { triage: pick(v, "triage.", ["decision", "at", "by"]) }; },
    handling: function (d, v) {
      return { handling: merged(d.handling, pick(v, "handling.",
        ["handler", "cause", "solution", "customer_agrees", "date"])) };
    },
    prevention: function (d, v) {
      var p = merged(d.prevention, { needed: true });
      var measure = pick(v, "prevention.measures.", ["action", "owner", "due"]);
      measure.done = null;
      p.measures = (p.measures || []).concat([measure]);
      return { prevention: p };
    },
    measure: function (d, v) {
      var p = merged(d.prevention, {});
      p.measures = p.measures.map(function (m, i) {
        return String(i) === v["prevention.measures"] ? merged(m, { done: v["prevention.measures.done"] }) : m;
      });
      return { prevention: p };
    },
    close: function (d, v) { return { closed: v.closed }; },
    pause: function (d, v) {
      return { pauses: (d.pauses || []).concat([pick(v, "pauses.", ["from", "to", "reason"])]) };
    },
    resume: function (d, v) {
      return { pauses: d.pauses.map(function (p) {
        return p.to === null || p.to === undefined ? merged(p, { to: v["pauses.to"] }) : p;
      }) };
    },
    mediation: function (d, v) {
      return { mediation: pick(v, "mediation.", ["referred", "mediator"]) };
    },
    ruling: function (d, v) {
      return { mediation: merged(d.mediation, pick(v, "mediation.", ["ruling", "ruling_date"])) };
    },
    withdraw: function (d, v) { return { withdrawn: pick(v, "withdrawn.", ["date", "reason"]) }; },
  };

  Form.prototype.update = function (values) {
    var rec = this.record;
    var blocks = STEPS[this.form.dataset.stap](rec.data, values);
    return { text: withBlocks(rec.chunks, rec.order, blocks), path: rec.path, isNew: false };
  };

  Form.prototype.copy = function (button) {
    var yaml = this.form.querySelector("[data-klacht-yaml]");
    var done = function () { button.textContent = this.cfg.texts.copied; }.bind(this);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(yaml.value).then(done, function () { legacyCopy(yaml, done); });
    } else {
      legacyCopy(yaml, done);
    }
  };

  function legacyCopy(area, done) {
    area.select();
    if (document.execCommand("copy")) done();
  }

  function encode(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function encodePath(path) { return path.split("/").map(encode).join("/"); }

  // The forge's new-file page in the record's folder, with name and text filled in (as
  // `klacht.forge.new_file_link` makes it).
  function newFileLink(forge, path, text) {
    var cut = path.lastIndexOf("/");
    return forge.new + encodePath(path.slice(0, cut)) + "/?" + forge.name + "=" +
      encode(path.slice(cut + 1)) + "&" + forge.text + "=" + encode(text);
  }

  // ---- The page --------------------------------------------------------------------------------
  var dirty = false;
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });

  function start() {
    document.querySelectorAll(".klacht-forms").forEach(function (box) {
      if (box.dataset.klachtStarted) return;
      box.dataset.klachtStarted = "1";
      var cfg = JSON.parse(box.dataset.klachtConfig);
      var record = box.dataset.klachtRecord ? JSON.parse(box.dataset.klachtRecord) : null;
      box.querySelectorAll("form[data-stap]").forEach(function (el) {
        var form = new Form(el, cfg);
        form.record = record;
      });
    });
  }

  window.klachtForms = { quoted: quoted, dump: dump, withBlocks: withBlocks, phoneOk: phoneOk,
    newFileLink: newFileLink };
  if (typeof document$ !== "undefined") document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
