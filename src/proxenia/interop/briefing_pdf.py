"""The printable briefing book: HTML rendered to PDF with WeasyPrint, in DejaVu Sans (Debian's
fonts-dejavu-core), offline: the renderer may fetch nothing but inline data."""

from __future__ import annotations

import jinja2

from proxenia.domain.briefing import BriefingBook, classification

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Briefing: {{ book.title }}</title>
<style>
@page { size: A4; margin: 18mm 16mm 20mm;
  @top-right { content: "{{ tlp.tlp }}"; font: bold 9pt "DejaVu Sans"; color: {{ tlp_colour }}; }
  @bottom-left { content: "Proxenia briefing · {{ footer | safe }} · {{ book.generated_on }}";
                 font: 8pt "DejaVu Sans"; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font: 8pt "DejaVu Sans"; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; color: #0b0c0c; }
h1 { font-size: 20pt; margin: 0 0 2pt; } h2 { font-size: 12.5pt; margin: 14pt 0 4pt; border-bottom: 1pt solid #b1b4b6; }
h3 { font-size: 10pt; margin: 8pt 0 2pt; }
.sub { color: #505a5f; margin: 0 0 8pt; } .tlp { font-weight: bold; color: {{ tlp_colour }}; }
table { width: 100%; border-collapse: collapse; margin: 2pt 0 6pt; }
th, td { text-align: left; vertical-align: top; padding: 2pt 4pt; border-bottom: 0.5pt solid #d8d8d8; }
th { background: #f3f2f1; font-size: 8.5pt; } thead { display: table-header-group; } tr { page-break-inside: avoid; }
.none { color: #505a5f; font-style: italic; } .small { font-size: 8pt; color: #505a5f; }
table.facts { width: auto; } table.facts th { background: none; width: 12em; }
</style></head><body>
<p class="tlp">{{ tlp.tlp }}</p>
<h1>{{ book.title }}</h1>
<p class="sub">{{ book.subtitle }} · prepared {{ book.generated_on }}
{% if book.generated_for %} for {{ book.generated_for }}{% endif %}</p>
{% if book.facts %}<table class="facts"><tbody>{% for k, v in book.facts %}<tr><th>{{ k }}</th><td>{{ v }}</td></tr>
{% endfor %}</tbody></table>{% endif %}
{% for note in book.notes %}<p class="none">{{ note }}</p>{% endfor %}

<h2>Ties{% if book.home_name and book.subject_kind == 'country' %} of {{ book.home_name }}
{% endif %} ({{ book.tie_count }})</h2>
{% for s in book.tie_sections %}<h3>{{ s.label | capitalize }} ({{ s.ties | length }})</h3>
<table><thead><tr><th>With</th><th>Since</th><th>Age</th><th>Status</th><th>Why it was formed</th></tr></thead>
<tbody>
{% for t in s.ties %}<tr><td>{{ t.other.name }}{% if t.other.country_code %} ({{ t.other.country_code }})
{% endif %}</td>
<td>{{ t.start_date or '—' }}</td><td>{{ t.age_years ~ ' y' if t.age_years is not none else '—' }}</td>
<td>{{ t.status }}</td>
<td>{{ t.rationale or '—' }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p class="none">No ties recorded.</p>{% endfor %}

<h2>Timeline of engagements ({{ book.timeline_total }})</h2>
{% if book.timeline %}<table><thead><tr><th>Date</th><th>What</th><th>Kind</th><th>Department</th><th>With</th>
</tr></thead><tbody>
{% for e in book.timeline %}<tr><td>{{ e.start_date }}</td><td>{{ e.title }}</td><td>{{ e.kind.label }}</td>
<td>{{ e.department_name or '—' }}</td><td>{{ e.counterparts | map(attribute='name') | join(', ') }}</td></tr>
{% endfor %}
</tbody></table>{% if book.timeline_total > book.timeline | length %}
<p class="small">The {{ book.timeline | length }} most recent are listed.</p>{% endif %}
{% else %}<p class="none">No engagement logged.</p>{% endif %}

<h2>Open follow-ups ({{ book.follow_ups | length }})</h2>
{% if book.follow_ups %}<table><thead><tr><th>Due</th><th>Action</th><th>Owner</th><th>From</th></tr></thead><tbody>
{% for f in book.follow_ups %}<tr><td>{{ f.due_date or '—' }}{% if f.overdue %} (overdue){% endif %}</td>
<td>{{ f.action }}</td>
<td>{{ f.owner or '—' }}</td><td>{{ f.engagement_title }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p class="none">None open.</p>{% endif %}

<h2>Who in our government has dealt with them</h2>
{% if book.departments %}<table><thead><tr><th>Department</th><th>Engagements</th><th>Last</th><th>Logged by</th>
</tr></thead><tbody>
{% for d in book.departments %}<tr><td>{{ d.department }}{% if d.is_mine %} (yours){% endif %}</td>
<td>{{ d.engagements }}</td>
<td>{{ d.last_date }}</td><td>{{ d.people | join(', ') or '—' }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p class="none">No department of ours has logged an engagement with them.</p>{% endif %}

<h2>People and posts ({{ book.people | length }})</h2>
{% if book.people %}<table><thead><tr><th>Name</th><th>Post</th><th>At</th><th>Since</th></tr></thead><tbody>
{% for p in book.people %}<tr><td>{{ p.person_name }}</td><td>{{ p.role }}</td><td>{{ p.organization_name }}</td>
<td>{{ p.start_date or '—' }}{% if p.end_date %} – {{ p.end_date }}{% endif %}</td></tr>{% endfor %}</tbody></table>
{% else %}<p class="none">No people recorded.</p>{% endif %}

<h2>Shared networks ({{ book.shared_networks | length }})</h2>
{% for n in book.shared_networks %}<p><strong>{{ n.network.name }}</strong>: {{ n.members | join(', ') }}</p>
{% else %}<p class="none">No network in common recorded.</p>{% endfor %}

<h2>Pledges ({{ book.pledges | length }})</h2>
{% for t in book.pledges %}<p>{{ t.label }} {{ t.other.name }}{% if t.start_date %}, {{ t.start_date }}{% endif %}
</p>
{% else %}<p class="none">No pledge recorded.</p>{% endfor %}

<h2>Practices exchanged</h2>
{% if book.practices is none %}<p class="none">The practice exchange is not connected to this installation yet.</p>
{% elif book.practices %}<table><thead><tr><th>Practice</th><th>Direction</th><th>With</th><th>Year</th></tr>
</thead><tbody>
{% for p in book.practices %}<tr><td>{{ p.title }}</td><td>{{ p.direction }}</td><td>{{ p.partner }}</td>
<td>{{ p.year or '—' }}</td></tr>{% endfor %}
</tbody></table>{% else %}<p class="none">No practice exchanged yet.</p>{% endif %}

<p class="small">Places: GeoNames (CC BY 4.0). Sister cities: Wikipedia contributors (CC BY-SA 4.0). Covenant of Mayors:
European Commission JRC (CC BY 4.0). Countries: World Bank (CC BY 4.0). Sharing: {{ tlp.tlp }} — the most restricted
level of anything in this book.</p>
</body></html>
"""

_COLOURS = {"public": "#0b0c0c", "federation": "#00703c", "partners": "#b1560f", "private": "#b1560f"}
_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def briefing_html(book: BriefingBook) -> str:
    level = classification(book)
    footer = "".join(c for c in book.title if c not in '<>"\\&{}')  # a CSS string, not HTML
    return _ENV.from_string(_TEMPLATE).render(book=book, tlp=level, tlp_colour=_COLOURS[level.value], footer=footer)


def briefing_pdf(book: BriefingBook) -> bytes:
    import weasyprint

    fetcher = weasyprint.URLFetcher(allowed_protocols=["data"])
    document = weasyprint.HTML(string=briefing_html(book), url_fetcher=fetcher)
    return bytes(document.write_pdf())
