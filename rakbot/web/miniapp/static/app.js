// The RAK's Mini App. Plain JavaScript, no build step, nothing loaded from elsewhere.
// Telegram passes the signed initData and the theme in the URL's fragment
// (#tgWebAppData=…&tgWebAppThemeParams=…); Telegram's own script is not needed.
"use strict";

const fragment = new URLSearchParams(location.hash.slice(1));
// "Antrag bearbeiten" under a proposal in the chat opens the app at it: ?proposal=<number>
const opened = new URLSearchParams(location.search);
const initData =
  (window.Telegram && window.Telegram.WebApp && window.Telegram.WebApp.initData) ||
  fragment.get("tgWebAppData") || "";
let me = null;
let L = {};
const state = { area: "", status: "" };

function applyTheme() {
  let theme = null;
  try {
    theme = JSON.parse(fragment.get("tgWebAppThemeParams") || "null");
  } catch (_) {
    theme = null;
  }
  if (!theme) return;
  const names = {
    bg_color: "--bg", text_color: "--text", hint_color: "--hint", link_color: "--link",
    button_color: "--button", button_text_color: "--button-text",
    secondary_bg_color: "--secondary-bg",
  };
  for (const [key, variable] of Object.entries(names)) {
    if (typeof theme[key] === "string" && /^#[0-9a-fA-F]{6}$/.test(theme[key])) {
      document.documentElement.style.setProperty(variable, theme[key]);
    }
  }
}

function tellTelegram(eventType) {
  // the same events telegram-web-app.js would post; harmless in a plain browser
  const data = JSON.stringify({ eventType, eventData: "" });
  if (window.TelegramWebviewProxy) window.TelegramWebviewProxy.postEvent(eventType, "");
  else if (window.external && window.external.notify) window.external.notify(data);
  else if (window.parent !== window) window.parent.postMessage(data, "*");
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function say(text) {
  document.getElementById("status").textContent = text || "";
}

class ApiError extends Error {
  constructor(status, body) {
    super(body.error || String(status));
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  return answered(await fetch("api" + path, {
    method,
    headers: { Authorization: "tma " + initData, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
}

/** A file from a file input, sent as multipart (field `file`); the server posts it with the bot. */
async function upload(path, file) {
  const form = new FormData();
  form.append("file", file, file.name);
  return answered(await fetch("api" + path, {
    method: "POST", headers: { Authorization: "tma " + initData }, body: form,
  }));
}

// The JSON of an answer (empty if it has none); an ApiError for a refusal.
async function answered(response) {
  let data = {};
  try {
    data = await response.json();
  } catch (_) {
    data = {};
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function show(...nodes) {
  const screen = document.getElementById("screen");
  screen.replaceChildren(...nodes.filter((node) => node !== null && node !== undefined));
  document.getElementById("main").focus();
}

function format(text, values) {
  return text.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

// ---- navigation ----------------------------------------------------------------------------
const TABS = [
  ["proposals", "tab_proposals", () => showProposals()],
  ["meetings", "tab_meetings", () => showMeetings()],
  ["rounds", "tab_rounds", () => showRounds()],
  ["ballots", "tab_ballots", () => showBallots()],
  ["roster", "tab_roster", () => showRoster(), "coordinator"],
  ["requests", "tab_requests", () => showRequests(), "coordinator"],
];

function navigation(current) {
  const nav = document.getElementById("nav");
  nav.setAttribute("aria-label", L.nav);
  const tabs = TABS.filter((tab) => tab[3] !== "coordinator" || me.coordinator);
  nav.replaceChildren(
    ...tabs.map(([key, label, open]) =>
      el("button", {
        type: "button", class: "secondary", "data-tab": key,
        "aria-current": key === current ? "page" : null,
        onclick: () => { say(""); open(); },
      }, L[label]),
    ),
  );
  nav.hidden = false;
}

// ---- proposals -----------------------------------------------------------------------------
function select(id, label, options, value, onchange) {
  return el("div", {},
    el("label", { for: id }, label),
    el("select", { id, onchange },
      options.map(([code, name]) => el("option", { value: code, selected: code === value }, name)),
    ),
  );
}

// What a screen shows, read from the API; on failure the message is said and null returned.
async function fetched(path) {
  try {
    return await api("GET", path);
  } catch (error) {
    say(error.message);
    return null;
  }
}

async function showProposals() {
  navigation("proposals");
  const query = new URLSearchParams();
  if (state.area) query.set("area", state.area);
  if (state.status) query.set("status", state.status);
  const data = await fetched("/proposals?" + query.toString());
  if (data === null) return;
  const areas = [["", L.all], ...me.areas.map((a) => [a.code, a.code + " – " + a.name])];
  const statuses = [["", L.all], ...Object.entries(me.statuses)];
  const filters = el("div", { class: "filters" },
    select("filter-area", L.filter_area, areas, state.area, (event) => {
      state.area = event.target.value; showProposals();
    }),
    select("filter-status", L.filter_status, statuses, state.status, (event) => {
      state.status = event.target.value; showProposals();
    }),
  );
  const heading = el("h2", { id: "proposals-heading" }, L.proposals_title);
  const create = me.coordinator
    ? el("button", { type: "button", id: "new-proposal", onclick: () => showForm(null) },
      L.new_proposal)
    : null;
  if (!data.proposals.length) {
    show(heading, create, filters, el("p", { id: "empty" }, L.none));
    return;
  }
  const head = el("tr", {},
    el("th", { scope: "col" }, L.col_no),
    el("th", { scope: "col" }, L.col_title),
    el("th", { scope: "col" }, L.col_area),
    el("th", { scope: "col", class: "col-applicant" }, L.col_applicant),
    el("th", { scope: "col", class: "amount" }, L.col_amount),
    el("th", { scope: "col" }, L.col_status),
    el("th", { scope: "col" }, L.col_actions),
  );
  const rows = data.proposals.map((p) => el("tr", { "data-id": p.id },
    el("td", {}, String(p.id)),
    el("th", { scope: "row" }, p.title),
    el("td", {}, p.area),
    el("td", { class: "col-applicant" }, p.applicant),
    el("td", { class: "amount" }, p.amount),
    el("td", { class: "status" }, p.status_label),
    el("td", {}, el("div", { class: "row-actions" },
      el("button", { type: "button", class: "secondary", "data-action": "details",
        "aria-label": L.details + ": " + p.title, onclick: () => showDetail(p.id) }, L.details),
      me.coordinator && p.changeable
        ? el("button", { type: "button", class: "secondary", "data-action": "edit",
          "aria-label": L.edit + ": " + p.title, onclick: () => showForm(p) }, L.edit)
        : null,
      me.coordinator && p.changeable
        ? el("button", { type: "button", class: "danger", "data-action": "withdraw",
          "aria-label": L.withdraw + ": " + p.title, onclick: () => showWithdraw(p) }, L.withdraw)
        : null,
    )),
  ));
  const table = el("div", { class: "table-wrap" },
    el("table", { "aria-labelledby": "proposals-heading" },
      el("thead", {}, head), el("tbody", {}, rows)));
  show(heading, create, filters, table);
}

async function showDetail(id) {
  let p;
  try {
    p = await api("GET", "/proposals/" + id);
  } catch (error) {
    say(error.message);
    return;
  }
  const facts = [
    [L.field_area, p.area], [L.field_applicant, p.applicant],
    [L.field_institution, p.institution || "–"], [L.col_amount, p.amount],
    [L.field_duration, p.duration || "–"], [L.col_status, p.status_label],
  ];
  let files = null;
  const changed = () => showDetail(id);
  if (me.documents) {
    try {
      files = await api("GET", "/proposals/" + id + "/documents");
    } catch (error) {
      say(error.message);
    }
  }
  show(
    el("h2", {}, L.col_no + " " + p.id + ": " + p.title),
    el("dl", { class: "facts" },
      facts.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)])),
    p.description ? el("p", {}, p.description) : null,
    files ? el("section", { class: "documents", "aria-labelledby": "documents-heading" },
      el("h3", { id: "documents-heading" }, L.documents),
      documentList(files.documents, L.no_documents, changed),
      me.coordinator ? attachInput("attach-proposal", L.document_attach,
        "/proposals/" + id + "/documents", changed, "attach-note") : null,
      me.coordinator ? el("p", { class: "hint", id: "attach-note" },
        L.document_attach_note + " " + files.attach_hint) : null) : null,
    el("button", { type: "button", class: "secondary", onclick: () => showProposals() }, L.back),
  );
}

// ---- documents (representatives, deputies, the office) --------------------------------------
/** `changed`: called after the office attached, replaced or removed a document (redraw). */
function documentList(documents, empty, changed) {
  if (!documents.length) return empty ? el("p", { class: "hint" }, empty) : null;
  return el("ul", { class: "documents" }, documents.map((d) => el("li", { "data-document": d.id },
    el("span", { class: "document-name" }, d.name),
    " ", el("span", { class: "hint" }, "(" + [d.type, d.size].filter(Boolean).join(", ") + ")"),
    " ", el("button", { type: "button", class: "secondary", "data-action": "send-document",
      "aria-label": format(L.document_send_named, { name: d.name }), onclick: async () => {
        try {
          say((await api("POST", "/documents/" + d.id + "/send", {})).message);
        } catch (error) {
          say(error.message);
        }
      } }, L.document_send),
    me.coordinator && changed ? documentChanges(d, changed) : null)));
}

function documentChanges(d, changed) {
  const picker = el("input", { type: "file", class: "visually-hidden", tabindex: "-1",
    "aria-hidden": "true", "data-action": "replace-file",
    "aria-label": format(L.document_replace_named, { name: d.name }),
    onchange: () => sendFile("/documents/" + d.id + "/replace", picker, changed) });
  const box = el("span", { class: "document-changes" });
  const buttons = () => box.replaceChildren(
    " ", el("button", { type: "button", class: "secondary", "data-action": "replace-document",
      "aria-label": format(L.document_replace_named, { name: d.name }),
      onclick: () => picker.click() }, L.document_replace),
    picker,
    " ", el("button", { type: "button", class: "secondary", "data-action": "remove-document",
      "aria-label": format(L.document_remove_named, { name: d.name }),
      onclick: () => confirmRemoval() }, L.document_remove));
  const confirmRemoval = () => {
    const no = el("button", { type: "button", class: "secondary", onclick: buttons }, L.cancel);
    box.replaceChildren(
      " ", el("span", { role: "alert" }, format(L.document_remove_confirm, { name: d.name })),
      " ", el("button", { type: "button", "data-action": "confirm-remove", onclick: async () => {
        try {
          const done = await api("POST", "/documents/" + d.id + "/remove", {});
          await changed();
          say(done.message);
        } catch (error) {
          say(error.message);
        }
      } }, L.document_remove_yes),
      " ", no);
    no.focus();
  };
  buttons();
  return box;
}

async function sendFile(path, input, changed) {
  const file = input.files && input.files[0];
  if (!file) return;
  say(L.document_uploading);
  try {
    const done = await upload(path, file);
    await changed();
    say(done.message);
  } catch (error) {
    say(error.message);
  } finally {
    input.value = "";
  }
}

/** The office's file input for a proposal or an agenda item. */
function attachInput(id, label, path, changed, note) {
  const input = el("input", { type: "file", id, "data-action": "attach-file",
    "aria-describedby": note,
    onchange: () => sendFile(path, input, changed) });
  return el("div", { class: "attach" }, el("label", { for: id }, label), input);
}

function field(id, label, input, hint) {
  const hintId = hint ? id + "-hint" : null;
  input.id = id;
  input.name = id;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  return el("div", { class: "field" },
    el("label", { for: id }, label),
    input,
    hint ? el("p", { class: "hint", id: hintId }, hint) : null,
    el("p", { class: "problem", id: id + "-problem", hidden: true }),
  );
}

function markProblems(form, fields) {
  for (const node of form.querySelectorAll(".problem")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  let first = null;
  for (const [name, message] of Object.entries(fields || {})) {
    const input = form.querySelector("#f-" + name);
    const problem = form.querySelector("#f-" + name + "-problem");
    if (!input || !problem) continue;
    input.setAttribute("aria-invalid", "true");
    const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(problem.id)) described.push(problem.id);
    input.setAttribute("aria-describedby", described.join(" "));
    problem.textContent = message;
    problem.hidden = false;
    first = first || input;
  }
  if (first) first.focus();
}

function showForm(p) {
  const areaOptions = me.areas.map((a) =>
    el("option", { value: a.code, selected: p ? p.area === a.code : false }, a.code + " – " + a.name));
  const institutionOptions = [
    el("option", { value: "" }, L.no_institution),
    ...me.institutions.map((i) => el("option", {
      value: String(i.id), selected: p ? p.institution_id === i.id : false }, i.name)),
  ];
  const form = el("form", { id: "proposal-form", novalidate: true },
    field("f-title", L.field_title, el("input", { type: "text", value: p ? p.title : "" })),
    field("f-area", L.field_area, el("select", {}, areaOptions)),
    field("f-applicant", L.field_applicant,
      el("input", { type: "text", value: p ? p.applicant : "" })),
    field("f-institution_id", L.field_institution, el("select", {}, institutionOptions)),
    field("f-amount", L.field_amount,
      el("input", { type: "text", inputmode: "decimal", value: p ? p.amount_input : "" }),
      L.hint_amount),
    field("f-duration", L.field_duration,
      el("input", { type: "text", value: p ? p.duration || "" : "" }), L.hint_duration),
    field("f-description", L.field_description, el("textarea", {}, p ? p.description || "" : "")),
    el("div", { class: "actions" },
      el("button", { type: "submit", id: "save" }, L.save),
      el("button", { type: "button", class: "secondary", onclick: () => showProposals() },
        L.cancel)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (name) => form.querySelector("#f-" + name).value;
    const body = {
      title: value("title"), area: value("area"), applicant: value("applicant"),
      amount: value("amount"), duration: value("duration"), description: value("description"),
      institution_id: value("institution_id") ? Number(value("institution_id")) : null,
    };
    try {
      await (p ? api("PUT", "/proposals/" + p.id, body) : api("POST", "/proposals", body));
    } catch (error) {
      say(error.message);
      markProblems(form, error.body && error.body.fields);
      return;
    }
    say(L.saved);
    await showProposals();
  });
  show(el("h2", {}, p ? L.edit_proposal + " – " + L.col_no + " " + p.id : L.new_proposal), form);
}

function showWithdraw(p) {
  const form = el("form", { id: "withdraw-form", novalidate: true },
    el("p", {}, L.col_no + " " + p.id + ": " + p.title),
    field("f-reason", L.field_reason, el("input", { type: "text" })),
    el("div", { class: "actions" },
      el("button", { type: "submit", class: "danger", id: "confirm-withdraw" },
        L.withdraw_confirm),
      el("button", { type: "button", class: "secondary", onclick: () => showProposals() },
        L.cancel)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("POST", "/proposals/" + p.id + "/withdraw",
        { reason: form.querySelector("#f-reason").value });
    } catch (error) {
      say(error.message);
      markProblems(form, { reason: error.message });
      return;
    }
    say(L.withdrawn);
    await showProposals();
  });
  show(el("h2", {}, L.withdraw_title), form);
}

// ---- meetings ------------------------------------------------------------------------------
async function showMeetings() {
  navigation("meetings");
  const data = await fetched("/meetings");
  if (data === null) return;
  const heading = el("h2", {}, L.meetings_title);
  if (!data.meetings.length) {
    show(heading, el("p", {}, L.no_meetings));
    return;
  }
  const files = {};
  if (me.documents) {
    try {
      await Promise.all(data.meetings.map(async (m) => {
        files[m.id] = await api("GET", "/meetings/" + m.id + "/documents");
      }));
    } catch (error) {
      say(error.message);
    }
  }
  show(heading, ...data.meetings.map((m) => meetingCard(m, files[m.id])));
}

function meetingCard(m, files) {
  const answers = [["yes", L.rsvp_yes], ["no", L.rsvp_no]];
  if (m.deputy_possible) answers.push(["deputy", L.rsvp_deputy]);
  const rsvp = m.may_answer ? el("fieldset", { class: "rsvp" },
    el("legend", {}, L.rsvp_legend),
    answers.map(([code, label]) => el("label", {},
      el("input", {
        type: "radio", name: "rsvp-" + m.id, value: code, checked: m.answer === code,
        onchange: async () => {
          try {
            say((await api("POST", "/meetings/" + m.id + "/answer", { answer: code })).message);
          } catch (error) {
            say(error.message);
          }
        },
      }), " ", label)),
  ) : null;
  const agenda = m.agenda.length
    ? el("ol", { class: "agenda" }, m.agenda.map((item, index) => el("li", {},
      el("span", { class: "agenda-text" }, item.text), linkList(item),
      files ? documentList(files.documents.filter((d) => d.item === index), null, showMeetings)
        : null,
      files && me.coordinator ? attachInput("attach-" + m.id + "-" + (index + 1),
        format(L.document_attach_item, { n: index + 1 }),
        "/meetings/" + m.id + "/items/" + (index + 1) + "/documents", showMeetings,
        "attach-note-" + m.id) : null)))
    : el("p", {}, L.agenda_empty);
  return el("section", { class: "card", "data-meeting": m.id, "aria-label": m.when },
    el("h3", {}, m.when),
    el("p", {}, L.place + ": " + (m.place || "–")),
    rsvp,
    el("h4", {}, L.agenda),
    agenda,
    files && me.coordinator && m.agenda.length
      ? el("p", { class: "hint", id: "attach-note-" + m.id },
        L.document_attach_note + " " + files.attach_hint) : null,
    me.coordinator && m.agenda_editable
      ? el("button", { type: "button", class: "secondary", "data-action": "agenda",
        onclick: () => showAgenda(m) }, L.agenda + ": " + L.edit)
      : null,
  );
}

function linkLabel(kind, link) {
  return kind === "p"
    ? format(L.proposal_no, { id: link.id, title: link.title })
    : format(L.ballot_no, { id: link.id, question: link.question });
}

function linkList(item) {
  const links = [
    ...item.proposals.map((p) => linkLabel("p", p) + " (" + p.status_label + ")"),
    ...item.ballots.map((b) => linkLabel("b", b) + " (" + b.status_label + ")"),
  ];
  if (!links.length) return null;
  return el("p", { class: "links" }, L.agenda_links + ": " + links.join("; "));
}

async function linkChoices() {
  // what an item can concern: the committee's proposals, and ballots that are not written
  const [found, board] = await Promise.all([api("GET", "/proposals"), api("GET", "/ballots")]);
  return {
    proposals: found.proposals.map((p) => ({ id: p.id, title: p.title })),
    ballots: [...board.running, ...board.closed].filter((b) => !b.written)
      .map((b) => ({ id: b.id, question: b.question })),
  };
}

function linkEditor(item, index, choices, draw) {
  const chips = [
    ...item.proposals.map((p) => ["p", p, item.proposals]),
    ...item.ballots.map((b) => ["b", b, item.ballots]),
  ].map(([kind, link, list]) => el("li", {}, linkLabel(kind, link), " ",
    el("button", { type: "button", class: "danger small", "data-action": "unlink",
      "aria-label": format(L.agenda_unlink, { item: linkLabel(kind, link) }),
      onclick: () => { list.splice(list.indexOf(link), 1); draw(); } }, "✕")));
  const id = "agenda-link-" + index;
  const options = [el("option", { value: "" }, L.agenda_link_none),
    el("optgroup", { label: L.tab_proposals }, choices.proposals
      .filter((p) => !item.proposals.some((q) => q.id === p.id))
      .map((p) => el("option", { value: "p:" + p.id }, linkLabel("p", p)))),
    el("optgroup", { label: L.tab_ballots }, choices.ballots
      .filter((b) => !item.ballots.some((c) => c.id === b.id))
      .map((b) => el("option", { value: "b:" + b.id }, linkLabel("b", b)))),
  ];
  const chooser = el("select", { id, class: "link-choice" }, options);
  const add = () => {
    const [kind, number] = chooser.value.split(":");
    const pool = kind === "p" ? choices.proposals : choices.ballots;
    const link = pool.find((x) => String(x.id) === number);
    if (!link) return;
    (kind === "p" ? item.proposals : item.ballots).push(link);
    draw();
  };
  return el("div", { class: "link-editor" },
    chips.length ? el("ul", { class: "chips", "aria-label": L.agenda_links }, chips) : null,
    el("label", { for: id }, L.agenda_links + " – " + format(L.agenda_item, { n: index + 1 })),
    el("div", { class: "agenda-row" }, chooser,
      el("button", { type: "button", class: "secondary", "data-action": "link",
        onclick: add }, L.agenda_link_add)));
}

async function showAgenda(m) {
  let choices;
  try {
    choices = await linkChoices();
  } catch (error) {
    say(error.message);
    return;
  }
  const items = m.agenda.map((item) => ({
    text: item.text, proposals: [...item.proposals], ballots: [...item.ballots] }));
  const list = el("ol", { class: "agenda", id: "agenda-list" });
  function draw() {
    list.replaceChildren(...items.map((item, index) => {
      const text = item.text;
      const label = format(L.agenda_item, { n: index + 1 });
      const input = el("input", { type: "text", value: text, "aria-label": label,
        oninput: (event) => { items[index].text = event.target.value; } });
      const move = (delta) => () => {
        const [moved] = items.splice(index, 1);
        items.splice(index + delta, 0, moved);
        draw();
        list.querySelectorAll("input")[index + delta].focus();
      };
      return el("li", {}, el("div", { class: "agenda-row" },
        input,
        el("button", { type: "button", class: "secondary", "data-action": "up",
          "aria-label": format(L.move_up, { item: text }), disabled: index === 0,
          onclick: move(-1) }, "↑"),
        el("button", { type: "button", class: "secondary", "data-action": "down",
          "aria-label": format(L.move_down, { item: text }), disabled: index === items.length - 1,
          onclick: move(1) }, "↓"),
        el("button", { type: "button", class: "danger", "data-action": "remove",
          "aria-label": format(L.remove, { item: text }),
          onclick: () => { items.splice(index, 1); draw(); } }, "✕"),
      ), linkEditor(item, index, choices, draw));
    }));
  }
  draw();
  const added = el("input", { type: "text", id: "agenda-new" });
  const form = el("form", { id: "agenda-form", novalidate: true },
    list,
    el("label", { for: "agenda-new" }, L.agenda_new_item),
    el("div", { class: "agenda-row" }, added,
      el("button", { type: "button", class: "secondary", id: "agenda-add", onclick: () => {
        if (added.value.trim()) {
          items.push({ text: added.value.trim(), proposals: [], ballots: [] });
          added.value = "";
          draw();
        }
      } }, L.agenda_add)),
    el("div", { class: "actions" },
      el("button", { type: "submit", id: "agenda-save" }, L.agenda_save),
      el("button", { type: "button", class: "secondary", onclick: () => showMeetings() },
        L.cancel)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("PUT", "/meetings/" + m.id + "/agenda", { items: items.map((item) => ({
        text: item.text,
        proposals: item.proposals.map((p) => p.id),
        ballots: item.ballots.map((b) => b.id),
      })) });
    } catch (error) {
      say(error.message);
      return;
    }
    say(L.saved);
    await showMeetings();
  });
  show(el("h2", {}, L.agenda + " – " + m.when), form);
}

// ---- competition rounds --------------------------------------------------------------------
async function showRounds() {
  navigation("rounds");
  const data = await fetched("/rounds");
  if (data === null) return;
  const heading = el("h2", {}, L.rounds_title);
  if (!data.rounds.length) {
    show(heading, el("p", {}, L.no_rounds));
    return;
  }
  show(heading, ...data.rounds.map((r) => el("section", { class: "card", "data-round": r.id },
    el("h3", {}, L.col_no + " " + r.id + ": " + r.name),
    el("p", {}, r.budget + " – " + r.status_label),
    el("button", { type: "button", class: "secondary", "data-action": "open-round",
      "aria-label": L.open + ": " + r.name, onclick: () => showRound(r.id) }, L.open),
  )));
}

function meter(label, value, max) {
  return el("meter", { min: "0", max: String(Math.max(max, 1)), value: String(Math.min(value, max)),
    "aria-label": label, title: label });
}

function areaSection(area) {
  const title = format(L.round_area, { area: area.code, budget: area.budget });
  const used = format(L.round_used,
    { selected: area.selected, budget: area.budget, remaining: area.remaining });
  const rows = [];
  area.proposals.forEach((p, index) => {
    rows.push(el("tr", { class: "placement-" + p.placement, "data-id": p.id },
      el("td", {}, String(index + 1)),
      el("th", { scope: "row" }, L.col_no + " " + p.id + " " + p.title),
      el("td", { class: "amount" }, p.amount,
        meter(L.round_bar + ": " + p.title, p.amount_cents, area.budget_cents)),
      el("td", {}, p.mean === null ? "–" : p.mean),
      el("td", {}, p.placement_label)));
    if (index === area.cutoff_rank && index < area.proposals.length - 1) {
      rows.push(el("tr", { class: "cutoff" },
        el("td", { colspan: "5" }, "– – – " + L.round_cutoff + " – – –")));
    }
  });
  return el("section", { class: "card", "data-area": area.code },
    el("h3", {}, title),
    el("p", { class: "budget-line" }, used),
    meter(used, area.selected_cents, area.budget_cents),
    rows.length ? el("div", { class: "table-wrap" }, el("table", {},
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, L.round_rank), el("th", { scope: "col" }, L.col_title),
        el("th", { scope: "col", class: "amount" }, L.col_amount),
        el("th", { scope: "col" }, L.round_mean), el("th", { scope: "col" }, L.round_placement))),
      el("tbody", {}, rows))) : null,
  );
}

async function showRound(id) {
  let r;
  try {
    r = await api("GET", "/rounds/" + id);
  } catch (error) {
    say(error.message);
    return;
  }
  let controls = null;
  if (me.coordinator && (r.can_score || r.can_confirm)) {
    const closes = el("input", { type: "text", id: "f-closes" });
    const start = (path) => async () => {
      try {
        say((await api("POST", "/rounds/" + r.id + "/" + path, { closes: closes.value })).message);
      } catch (error) {
        say(error.message);
        return;
      }
      await showRound(r.id);
    };
    controls = el("div", { class: "card", id: "round-controls" },
      el("label", { for: "f-closes" }, L.round_closes), closes,
      el("p", { class: "hint" }, L.round_votes_in_chat),
      el("div", { class: "actions" },
        r.can_score ? el("button", { type: "button", id: "start-scoring",
          onclick: start("scoring") }, L.round_score) : null,
        r.can_confirm ? el("button", { type: "button", id: "start-selection",
          onclick: start("selection") }, L.round_confirm) : null));
  }
  show(
    el("h2", {}, L.col_no + " " + r.id + ": " + r.name),
    el("p", { id: "round-status" }, r.status_label),
    controls,
    ...r.areas.map(areaSection),
    el("button", { type: "button", class: "secondary", onclick: () => showRounds() }, L.back),
  );
}

// ---- a proposal opened from the chat -------------------------------------------------------
async function openProposal(id) {
  navigation("proposals");
  let p;
  try {
    p = await api("GET", "/proposals/" + id);
  } catch (error) {
    say(error.message);
    await showProposals();
    return;
  }
  if (me.coordinator && p.changeable) showForm(p);
  else await showDetail(p.id);
}

// ---- ballots: running ones to read, results with a chart -----------------------------------
function chart(b) {
  // bars drawn with CSS; the numbers stand beside them as text, so the chart reads aloud
  const top = Math.max(...b.bars.map((bar) => bar.value), 0);
  const headingId = "chart-" + b.id;
  return el("figure", { class: "chart", "aria-labelledby": headingId },
    el("figcaption", { id: headingId }, format(L.chart_of, { id: b.id }) + " – " + b.unit),
    el("ul", { class: "bars" }, b.bars.map((bar) => {
      const fill = el("span", { class: "bar-fill" });
      fill.style.width = (top > 0 ? Math.round((bar.value / top) * 100) : 0) + "%";
      return el("li", { class: "bar-row" },
        el("span", { class: "bar-label" }, bar.label),
        el("span", { class: "bar-track", "aria-hidden": "true" }, fill),
        el("span", { class: "bar-note" }, bar.note));
    })));
}

function ballotHead(b) {
  return [
    el("h4", {}, format(L.ballot_no, { id: b.id, question: b.question })),
    el("p", { class: "hint" }, b.procedure + " – " + b.status_label),
    b.proposal ? el("p", {}, format(L.ballot_proposal, { title: b.proposal })) : null,
  ];
}

async function showBallots() {
  navigation("ballots");
  const data = await fetched("/ballots");
  if (data === null) return;
  const running = data.running.length
    ? data.running.map((b) => el("section", { class: "card", "data-ballot": b.id },
      ...ballotHead(b),
      b.closes ? el("p", {}, format(L.ballot_closes, { when: b.closes })) : null))
    : [el("p", {}, L.no_running)];
  const closed = data.closed.length
    ? data.closed.map((b) => el("section", { class: "card", "data-ballot": b.id },
      ...ballotHead(b),
      b.closed ? el("p", {}, format(L.ballot_closed, { when: b.closed })) : null,
      el("p", { class: "outcome" }, b.outcome),
      b.bars.length ? chart(b) : el("p", { class: "hint" }, L.ballot_no_numbers)))
    : [el("p", {}, L.no_closed)];
  show(
    el("h2", {}, L.ballots_title),
    el("h3", {}, L.ballots_running),
    el("p", { class: "notice", id: "vote-in-chat" }, L.ballots_vote_in_chat),
    ...running,
    el("h3", {}, L.ballots_closed),
    ...closed,
  );
}

// ---- roster and invitations (the office) ---------------------------------------------------
async function showRoster(created) {
  navigation("roster");
  let data, open;
  try {
    [data, open] = await Promise.all([api("GET", "/roster"), api("GET", "/invites")]);
  } catch (error) {
    say(error.message);
    return;
  }
  const rows = data.members.map((m) => el("tr", { "data-member": m.id },
    el("th", { scope: "row" }, m.name + (m.own ? " " + L.you : "")),
    el("td", {}, m.role_label),
    el("td", {}, m.institution || "–"),
    el("td", { class: "phone" }, m.phone || "–"),
    el("td", {}, el("button", { type: "button", class: "secondary", "data-action": "edit-member",
      "aria-label": L.edit + ": " + m.name, onclick: () => showMemberForm(m, data) }, L.edit)),
  ));
  const table = el("div", { class: "table-wrap" }, el("table", { "aria-labelledby": "roster-heading" },
    el("thead", {}, el("tr", {},
      el("th", { scope: "col" }, L.col_name), el("th", { scope: "col" }, L.col_role),
      el("th", { scope: "col" }, L.col_institution), el("th", { scope: "col" }, L.col_phone),
      el("th", { scope: "col" }, L.col_actions))),
    el("tbody", {}, rows)));
  show(
    el("h2", { id: "roster-heading" }, L.roster_title),
    table,
    invitesSection(data, open, created),
  );
}

function institutionOptions(institutions, chosen, withNone) {
  return [
    withNone ? el("option", { value: "", selected: chosen === null }, L.no_institution_member) : null,
    ...institutions.map((i) => el("option", { value: String(i.id), selected: i.id === chosen },
      i.name)),
  ];
}

function showMemberForm(m, data) {
  const roles = m.role_editable ? data.roles : [{ code: m.role, label: m.role_label }];
  const form = el("form", { id: "member-form", novalidate: true },
    field("f-name", L.field_name, el("input", { type: "text", value: m.name, autocomplete: "off" })),
    field("f-phone", L.field_phone,
      el("input", { type: "tel", value: m.phone || "", autocomplete: "off" }), L.hint_phone),
    field("f-role", L.field_role, el("select", { disabled: !m.role_editable },
      roles.map((r) => el("option", { value: r.code, selected: r.code === m.role }, r.label))),
    m.role_editable ? null : L.hint_role_chat),
    field("f-institution_id", L.field_member_institution, el("select", {},
      institutionOptions(data.institutions, m.institution_id, m.institution_id === null))),
    el("div", { class: "actions" },
      el("button", { type: "submit", id: "save-member" }, L.save),
      el("button", { type: "button", class: "secondary", onclick: () => showRoster() }, L.cancel)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (name) => form.querySelector("#f-" + name).value;
    const body = { name: value("name"), phone: value("phone") };
    if (m.role_editable) body.role = value("role");
    if (value("institution_id")) body.institution_id = Number(value("institution_id"));
    try {
      await api("PUT", "/members/" + m.id, body);
    } catch (error) {
      say(error.message);
      markProblems(form, error.body && error.body.fields);
      return;
    }
    say(L.saved);
    await showRoster();
  });
  show(el("h2", {}, L.edit_member + " – " + m.name), form);
}

function invitesSection(data, open, created) {
  const list = open.invites.length
    ? el("ul", { class: "invites" }, open.invites.map((i) => {
      const text = format(L.invite_for,
        { role: i.role_label, institution: i.institution || "–", when: i.expires });
      return el("li", { "data-invite": i.id }, text, " ",
        el("button", { type: "button", class: "danger", "data-action": "withdraw-invite",
          "aria-label": format(L.invite_withdraw, { invite: text }), onclick: async () => {
            try {
              say((await api("POST", "/invites/" + i.id + "/withdraw", {})).message);
            } catch (error) {
              say(error.message);
            }
            await showRoster();
          } }, L.withdraw));
    }))
    : el("p", { id: "no-invites" }, L.no_invites);
  const roles = open.roles;
  const form = el("form", { id: "invite-form", novalidate: true },
    el("h4", {}, L.new_invite),
    field("f-invite-role", L.field_role, el("select", {},
      roles.map((r) => el("option", { value: r.code }, r.label)))),
    field("f-invite-institution", L.field_member_institution, el("select", {},
      institutionOptions(data.institutions, null, true))),
    el("div", { class: "actions" }, el("button", { type: "submit", id: "create-invite" },
      L.invite_create)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const institution = form.querySelector("#f-invite-institution").value;
    let made;
    try {
      made = await api("POST", "/invites", {
        role: form.querySelector("#f-invite-role").value,
        institution_id: institution ? Number(institution) : null,
      });
    } catch (error) {
      say(error.message);
      const fields = (error.body && error.body.fields) || {};
      markProblems(form, {
        "invite-role": fields.role, "invite-institution": fields.institution_id });
      return;
    }
    say(L.saved);
    await showRoster(made);
  });
  return el("section", { class: "card", "aria-labelledby": "invites-heading" },
    el("h3", { id: "invites-heading" }, L.invites_title),
    created ? createdInvite(created) : null,
    list,
    form);
}

function createdInvite(made) {
  const image = el("img", { id: "invite-qr", class: "qr", alt: made.qr_title,
    src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(made.qr_svg) });
  const toggle = el("button", { type: "button", class: "secondary", id: "qr-large",
    "aria-pressed": "false", onclick: () => {
      const large = image.classList.toggle("qr-large");
      toggle.setAttribute("aria-pressed", String(large));
      toggle.textContent = large ? L.qr_small : L.qr_large;
    } }, L.qr_large);
  const link = el("input", { type: "text", id: "invite-link", readonly: true, value: made.link });
  return el("div", { class: "created-invite", id: "created-invite" },
    el("p", {}, format(L.invite_for, { role: made.invite.role_label,
      institution: made.invite.institution || "–", when: made.invite.expires })),
    el("label", { for: "invite-link" }, L.invite_link),
    link,
    el("p", { class: "hint" }, L.invite_hint),
    image,
    el("div", { class: "actions" }, toggle));
}

// ---- appointment requests (the office) -----------------------------------------------------
async function showRequests(message) {
  navigation("requests");
  const data = await fetched("/requests");
  if (data === null) return;
  if (message) say(message);
  const cards = data.requests.map((r) => {
    const facts = [
      [L.request_received, r.received + " (" + r.age + ")"],
      [L.col_status, r.status_label],
      [L.request_topic, r.topic],
      [L.request_contact, r.contact],
      [L.request_days, r.preferred_days],
    ];
    if (r.proposed) facts.push([L.request_proposed, r.proposed]);
    const headingId = "request-" + r.id + "-heading";
    const action = (key, label, cls, open) => el("button", {
      type: "button", class: cls, "data-action": key,
      "aria-label": label + ": " + r.reference, onclick: open }, label);
    return el("section", { class: "card", "data-request": r.id, "aria-labelledby": headingId },
      el("h3", { id: headingId }, r.reference + " – " + r.name),
      el("dl", { class: "facts" }, facts.flatMap(([term, value]) =>
        [el("dt", {}, term), el("dd", {}, value)])),
      r.reachable ? null : el("p", { class: "hint" }, L.request_unreachable),
      el("div", { class: "actions" },
        r.can_reply ? action("reply", L.request_reply, "", () => showReplyForm(r)) : null,
        r.can_propose
          ? action("propose", L.request_propose, "secondary", () => showProposalForm(r)) : null,
        r.can_close ? action("done", L.request_done, "secondary", async () => {
          try {
            await showRequests((await api("POST", "/requests/" + r.id + "/done", {})).message);
          } catch (error) {
            say(error.message);
          }
        }) : null));
  });
  const head = data.total > data.requests.length
    ? format(L.requests_more, { shown: data.requests.length, total: data.total }) : null;
  show(
    el("h2", { id: "requests-heading" }, L.requests_title),
    el("p", { class: "hint" }, L.requests_oldest_first),
    el("div", { id: "requests" }, head ? el("p", {}, head) : null,
      cards.length ? cards : el("p", { id: "no-requests" }, L.no_requests)),
  );
}

function requestForm(r, id, input, label, hint, send) {
  const form = el("form", { id, novalidate: true },
    el("p", {}, r.reference + " – " + r.name + ": " + r.topic),
    field("f-" + id + "-input", label, input, hint),
    el("div", { class: "actions" },
      el("button", { type: "submit", id: id + "-send" }, L.request_send),
      el("button", { type: "button", class: "secondary", onclick: () => showRequests() },
        L.cancel)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let answer;
    try {
      answer = await send(input.value);
    } catch (error) {
      say(error.message);
      markProblems(form, { [id + "-input"]: error.message });
      return;
    }
    await showRequests(answer.message);
  });
  return form;
}

function showReplyForm(r) {
  const input = el("textarea", { rows: "6", maxlength: "3000" });
  const form = requestForm(r, "reply", input, L.request_reply_text, L.request_reply_hint,
    (text) => api("POST", "/requests/" + r.id + "/reply", { text }));
  show(el("h2", {}, L.request_reply + " – " + r.reference), form);
}

function showProposalForm(r) {
  const input = el("input", { type: "text", autocomplete: "off" });
  const form = requestForm(r, "proposal", input, L.request_when, L.request_when_hint,
    (when) => api("POST", "/requests/" + r.id + "/proposal", { when }));
  show(el("h2", {}, L.request_propose + " – " + r.reference), form);
}

// ---- start ---------------------------------------------------------------------------------
async function start() {
  applyTheme();
  tellTelegram("web_app_ready");
  if (!initData) {
    say("Diese Seite öffnet sich aus Telegram: im privaten Chat mit dem Bot über „RAK öffnen“.");
    return;
  }
  try {
    me = await api("GET", "/me");
  } catch (error) {
    say(error.message);
    return;
  }
  L = me.labels;
  document.documentElement.lang = me.lang;
  document.getElementById("title").textContent = L.app_title;
  say("");
  const wanted = Number(opened.get("proposal") || fragment.get("proposal") || 0);
  if (Number.isInteger(wanted) && wanted > 0) await openProposal(wanted);
  else await showProposals();
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", start);
