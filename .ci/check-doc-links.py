#!/usr/bin/env python3
"""Every Markdown file may point only at what is in the repository: each relative link (and its #anchor) must
resolve, and each path written in backticks that starts with a top-level folder (src/, docs/, ...) or names a
.md/.sh/.sln/.props/.targets file must exist. Build outputs (bin/, obj/) and patterns (*, <...>) are skipped.
Run by .ci/run; exit code 1 lists what is missing."""
import os, re, subprocess, sys
root = subprocess.check_output(['git', 'rev-parse', '--show-toplevel'], text=True).strip()
os.chdir(root)
tracked = set(subprocess.check_output(['git', 'ls-files'], text=True).split('\n'))
untracked = set(subprocess.check_output(['git', 'ls-files', '--others', '--exclude-standard'], text=True).split('\n'))
files = tracked | untracked
dirs = set()
for f in files:
    p = f
    while '/' in p:
        p = p.rsplit('/', 1)[0]; dirs.add(p)
def exists(p):
    p = os.path.normpath(p)
    return p in files or p in dirs or p == '.'
def anchors(md):
    out = set()
    for line in open(md, encoding='utf-8'):
        m = re.match(r'#+\s+(.*)', line)
        if m:
            t = m.group(1).strip().lower()
            t = re.sub(r'[^\w\- ]', '', t).replace(' ', '-')
            out.add(t)
    return out
roots = ('src/', 'tests/', 'testing/', 'bench/', 'docs/', 'deploy/', 'hardware-notes/', 'packaging/', '.ci/')
# Files a reader is asked to write, not files of the repository.
WRITTEN_BY_THE_READER = {'capture-report.md'}
bad = 0
mds = [f for f in files if f.endswith('.md') and '/node_modules/' not in f and not f.startswith('node_modules')]
for md in sorted(mds):
    base = os.path.dirname(md)
    text = open(md, encoding='utf-8').read()
    for n, line in enumerate(text.split('\n'), 1):
        for m in re.finditer(r'\]\(([^)\s]+)\)', line):
            target = m.group(1)
            if re.match(r'[a-z]+:', target) or target.startswith('#') and False:
                continue
            path, _, frag = target.partition('#')
            full = os.path.normpath(os.path.join(base, path)) if path else md
            if path and not exists(full):
                print(f'{md}:{n}: link to missing {target}'); bad += 1
            elif frag and full.endswith('.md') and frag not in anchors(full):
                print(f'{md}:{n}: missing anchor {target}'); bad += 1
        for m in re.finditer(r'`([^`\s]+)`', line):
            p = m.group(1).rstrip('/.,:;')
            p = re.sub(r'[:#].*$', '', p)
            if p.startswith(roots) or re.match(r'^[\w.-]+\.(sh|md|sln|props|targets)$', p):
                if '*' in p or '<' in p or '{' in p or '/bin/' in p or '/obj/' in p:
                    continue   # patterns and build outputs
                if p not in WRITTEN_BY_THE_READER and not exists(p) and not exists(os.path.join(base, p)):
                    print(f'{md}:{n}: path not in repository: {p}'); bad += 1
print(f'{bad} problem(s) in {len(mds)} Markdown files')
sys.exit(1 if bad else 0)
