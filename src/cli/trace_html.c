/*
 * trace_html.c - `vfsrace replay FILE --format html`: one self-contained
 * page (inline CSS and JS, nothing fetched) to teach a race from.
 *
 * The page carries the replay's JSON, exactly what --format json prints
 * (trace_print_json), in <script type="application/json" id="trace">, and
 * a script that builds the timeline from it: a column per thread, steps
 * down the page, beside each thread a thin lane per lock it takes with a
 * bar while it holds it, preemptions marked, the two sides of the
 * violation (the free and the use, the two racing accesses, the holder's
 * acquire and the blocked step) highlighted and linked, the rows between
 * them shaded, and a side panel with the selected step and a report of the
 * violation.  It opens at the preemption that matters; the arrow keys step.
 * Whatever the JSON gains the page can show without a change here.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vfsrace/ex_json.h"

static const char *const style[] = {
    "*{box-sizing:border-box}",
    "html,body{height:100%;margin:0}",
    "body{font:16px/1.4 "
    "system-ui,sans-serif;color:#222;background:#fafafa;display:flex;flex-direction:column;"
    "overflow:hidden}",
    "header{flex:none;padding:6px 14px 6px;background:#fff;border-bottom:1px solid #bbb}",
    "h1{font-size:19px;margin:0;display:inline}",
    ".meta{color:#555;font-size:14px;margin-left:10px}",
    "#viol{margin:5px 0 0;padding:4px 10px;border:2px solid "
    "#c00;border-radius:6px;background:#fde8e8;max-height:5.2em;overflow-y:auto}",
    "#viol.ok{border-color:#393;background:#e8f6e8}",
    "#viol .v{margin:1px 0}#viol b{color:#a00}#viol .msg{font:14px ui-monospace,monospace}",
    ".jump{font:bold 13px system-ui,sans-serif;border:1px solid "
    "#888;border-radius:12px;padding:1px 9px;margin:2px 6px 0 "
    "0;background:#fff;cursor:pointer;color:#222}",
    ".jump:hover{background:#eef3ff}.jump .sw{margin-right:5px}",
    ".legend{font-size:13px;color:#444;margin-top:4px}.legend "
    "span{margin-right:12px;white-space:nowrap}.legend .lh{color:#777;margin-right:6px}",
    ".sw{display:inline-block;width:11px;height:11px;vertical-align:-1px;margin-right:4px;border-"
    "radius:2px}",
    "main{flex:1;display:flex;min-height:0}",
    "#tl{flex:1;min-width:0;overflow-y:auto;overflow-x:hidden;background:#fff}",
    "#panel{flex:none;width:min(440px,36vw);overflow-y:auto;overflow-x:hidden;border-left:2px "
    "solid #bbb;padding:8px 12px 20px;background:#fcfcfc;font-size:15px}",
    "table{border-collapse:collapse;table-layout:fixed;width:100%}",
    "thead th{position:sticky;top:0;background:#fff;border-bottom:2px solid "
    "#999;z-index:2;text-align:left;padding:4px "
    "6px;font-size:17px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}",
    "th.n{font-size:13px;color:#666;font-weight:normal;text-align:right}",
    "td{padding:0 6px;height:26px;border-bottom:1px solid "
    "#eee;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}",
    "td.n{text-align:right;color:#777;font:13px ui-monospace,monospace}",
    "td.op{font:15px/1.3 ui-monospace,monospace;padding:3px 6px}",
    "tr.sel td.op,tr.hl-a td.op,tr.hl-b td.op{white-space:normal;overflow-wrap:anywhere}",
    "body.many td.op{font-size:14px}body.many #panel{width:min(370px,30vw)}",
    "td.op .fn{font-weight:bold}",
    "td.gut,th.gut{padding:0;border-bottom:none;background-repeat:no-repeat}",
    "th.gut{border-bottom:2px solid #999}",
    "tr.step{cursor:pointer}tr.step:hover td{background-color:#f3f6ff}",
    "tr.win td{background-color:#fff3c4}tr.win td.n{color:#7a5c00}",
    "tr.win.first td{border-top:2px dashed #c9a100}tr.win.last td{border-bottom:2px dashed "
    "#c9a100}",
    "tr.preempt td{border-top:3px solid #f08c00}",
    "tr.hl-a td.op{background-color:#ffcdd2;box-shadow:inset 4px 0 #c62828}",
    "tr.hl-b td.op{background-color:#e1d5f7;box-shadow:inset 4px 0 #6a1b9a}",
    "tr.mark td.op{background-color:#e6e6e6}",
    "tr.hl-a td.n,tr.hl-b td.n{font-weight:bold;color:#000}",
    "tr.sel{outline:3px solid #1565c0;outline-offset:-3px}",
    "tr.sel td{background-color:#e3edff}",
    "tr.end td{background:#fde8e8;color:#a00;font-weight:bold;padding:6px;white-space:normal}",
    ".b{display:inline-block;font:bold 12px/1.5 system-ui,sans-serif;padding:0 "
    "6px;border-radius:3px;margin-right:6px;color:#fff;vertical-align:1px}",
    ".b-pre{background:#e67e00}.b-a{background:#c62828}.b-b{background:#6a1b9a}.b-m{background:#"
    "777}",
    "#panel h2{font-size:18px;margin:0 0 4px}",
    "#panel .k{color:#666;font-size:13px;margin:8px 0 "
    "2px;text-transform:uppercase;letter-spacing:.04em}",
    "#panel "
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;background:#f1f1f1;padding:5px "
    "7px;border-radius:4px;font:14px/1.35 ui-monospace,monospace}",
    "#p-op{font-size:16px!important;background:#e3edff!important}",
    "#p-where{margin:4px 0;display:grid;grid-template-columns:auto 1fr;gap:0 10px;font-size:14px}",
    "#p-where dt{color:#666}#p-where "
    "dd{margin:0;font-family:ui-monospace,monospace;overflow-wrap:anywhere}",
    "#p-mark{margin:3px 0;font-weight:bold}#p-pre{color:#b35c00;margin:3px 0}",
    "#report{margin-top:14px;border-top:2px solid #bbb;padding-top:6px}",
    "#report summary{font-weight:bold;font-size:17px;cursor:pointer}",
    "#report h3{font-size:15px;margin:10px 0 2px}",
    ".keys{margin-top:14px;font-size:13px;color:#555}",
    "kbd{font:12px ui-monospace,monospace;border:1px solid #aaa;border-radius:3px;padding:0 "
    "3px;background:#fff}",
    NULL,
};

static const char *const script[] = {
    "(function(){",
    "'use strict';",
    "var D=JSON.parse(document.getElementById('trace').textContent);",
    "var T=D.trace||[],V=D.violations||[];",
    "var spans=D.locks||[];",
    "var TC=['#1f6fd1','#d35400','#2e8b57','#8e44ad','#b03a2e','#138d75','#5d6d7e','#9a7d0a'];",
    "var "
    "LC=['#00897b','#c2185b','#7cb342','#5e35b1','#f9a825','#6d4c41','#039be5','#e53935','#546e7a',"
    "'#ff7043','#9e9d24','#ab47bc'];",
    "function $(id){return document.getElementById(id)}",
    "function el(tag,cls,text){var "
    "e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=String(text);"
    "return e}",
    "function add(p,c){p.appendChild(typeof c==='string'?document.createTextNode(c):c);return c}",
    "var idx={};T.forEach(function(s,i){idx[s.step]=i});",
    "function rowOf(step){return typeof "
    "step==='number'&&step>=0&&idx.hasOwnProperty(step)?idx[step]:-1}",
    "var "
    "threads=[];T.forEach(function(s){if(s.tid>=0&&threads[s.tid]==null)threads[s.tid]=s.thread});",
    "for(var t=0;t<threads.length;t++)if(threads[t]==null)threads[t]='thread '+t;",
    "if(threads.length>2)document.body.classList.add('many');",
    "/* locks: a colour per name, a lane per lock within each thread */",
    "var lockNames=[],lanes=threads.map(function(){return []});",
    "spans.forEach(function(s){",
    "if(lockNames.indexOf(s.name)<0)lockNames.push(s.name);",
    "if(s.tid>=0&&s.tid<threads.length&&lanes[s.tid].indexOf(s.name)<0)lanes[s.tid].push(s.name)})"
    ";",
    "function lockColour(n){return LC[lockNames.indexOf(n)%LC.length]}",
    "function spanRows(s){var a=rowOf(s.from),b=s.open||rowOf(s.to)<0?T.length:rowOf(s.to);return "
    "[a<0?0:a,b]}",
    "spans.forEach(function(s){var r=spanRows(s);s.a=r[0];s.b=r[1]});",
    "function heldAt(i,tid){return spans.filter(function(s){return s.tid===tid&&s.a<=i&&i<s.b})}",
    "/* the violation shown: the first with a step in the run, else the first */",
    "var "
    "v=null;V.forEach(function(x){if(!v&&(x.access||x.related||x.tid>=0))v=x});if(!v&&V.length)v=V["
    "0];",
    "var PHRASE={use:'the use',free:'the free',blocked:'the blocked step',holder:\"the holder's "
    "acquire\",access:'the bad access',alloc:'the allocation'};",
    "function phrase(m){return PHRASE[m.label]||'the '+m.label}",
    "var SHORT={'freed by':'free','allocated by':'alloc','the other access':'other access','held "
    "by':'holder','waiting':'blocked'};",
    "var marks=[];",
    "function mark(step,label,who,side){",
    "var i=rowOf(step);if(i<0)return;",
    "for(var k=0;k<marks.length;k++)if(marks[k].i===i)return;",
    "marks.push({i:i,step:T[i].step,label:label,who:who||null,side:side})}",
    "var related=[];",
    "if(v){",
    "var "
    "acc=v.access||(v.tid>=0?{step:rowOf(v.step)>=0?v.step:(T.length?T[T.length-1].step:-1),thread:"
    "v.thread,tid:v.tid}:null);",
    "if(acc)mark(acc.step,v.kind==='use-after-free'?'use':v.kind==='deadlock'?'blocked':'access',"
    "acc,'access');",
    "related=v.related||[];",
    "if(!v.related){var m=/freed it at step (\\d+)/.exec(v.message||'');",
    "if(m){var fi=rowOf(+m[1]);if(fi>=0)related=[{label:'freed "
    "by',thread:T[fi].thread,tid:T[fi].tid,step:T[fi].step,derived:true}]}",
    "m=v.kind==='deadlock'&&/(\\S+) waits in/.exec(v.message||'');",
    "if(m){for(var wi=T.length-1;wi>=0&&T[wi].thread!==m[1];wi--);",
    "if(wi>=0)related=[{label:'waiting',thread:m[1],tid:T[wi].tid,step:T[wi].step,derived:true}]}}",
    "related=related.map(function(r){if(r.label!=='waiting'||r.step>=0||!(r.tid>=0))return r;",
    "for(var i=T.length-1;i>=0&&T[i].tid!==r.tid;i--);if(i<0)return r;",
    "var c={};for(var k in r)c[k]=r[k];c.step=T[i].step;c.note='(its last step: where it went to "
    "sleep)';return c});",
    "related.forEach(function(r){mark(r.step,SHORT[r.label]||r.label,r,'related')})}",
    "/* the pair: the bad access (or the blocked step) and its other side */",
    "var A=null,B=null;",
    "marks.forEach(function(m){if(!A&&(m.side==='access'||m.label==='blocked'))A=m});",
    "if(!A&&marks.length)A=marks[0];",
    "marks.forEach(function(m){if(!B&&m!==A&&m.label!=='alloc')B=m});",
    "if(!B)marks.forEach(function(m){if(!B&&m!==A)B=m});",
    "var win=null;",
    "if(v&&v.window&&rowOf(v.window.from)>=0){var "
    "wf=rowOf(v.window.from),wt=rowOf(v.window.to);win=[wf,wt<0?T.length-1:wt]}",
    "else if(A&&B)win=[Math.min(A.i,B.i),Math.max(A.i,B.i)];",
    "var pre=[];T.forEach(function(s,i){if(s.preemption&&i>0)pre.push(i)});",
    "var focus=rowOf(D.focus);",
    "if(focus<0&&win)pre.forEach(function(i){if(i<=win[0])focus=i});",
    "if(focus<0&&pre.length)focus=pre[0];",
    "if(focus<0&&A)focus=A.i;",
    "if(focus<0)focus=T.length-1;",
    "/* ---- header ---- */",
    "var hd=$('top');",
    "add(hd,el('h1',null,(D.model||'?')+', fix '+(D.fix||'?')));",
    "var meta=[];if(D.params)meta.push(Object.keys(D.params).map(function(k){return "
    "k+'='+D.params[k]}).join(' '));",
    "meta.push(T.length+' steps');meta.push(pre.length+' preemption'+(pre.length===1?'':'s'));",
    "if(D.schedule)meta.push('schedule '+String(D.schedule).replace(/.*\\//,''));",
    "add(hd,el('span','meta',meta.join(' \\u00b7 ')));",
    "var vb=add(hd,el('div'));vb.id='viol';",
    "function jumpButton(p,text,i,colour){var b=add(p,el('button','jump'));if(colour){var "
    "s=add(b,el('i','sw'));s.style.background=colour}",
    "add(b,text);b.addEventListener('click',function(){select(i,true)});return b}",
    "if(!V.length){vb.className='ok';add(vb,'No violation in this execution.')}",
    "V.forEach(function(x,k){if(x!==v)return;var d=add(vb,el('div','v'));",
    "add(d,el('b',null,'Violation: '+x.kind));",
    "add(d,x.tid>=0?' at step '+x.step+' in '+x.thread+(x.fatal?' (fatal)':'')+': ':' (found at "
    "the end of the execution): ');",
    "add(d,el('span','msg',String(x.message||'').replace(/\\s+$/,'')));",
    "if(x===v){var j=add(vb,el('div'));",
    "if(A)jumpButton(j,A.label+': step '+A.step+' ('+T[A.i].thread+')',A.i,'#c62828');",
    "if(B)jumpButton(j,B.label+': step '+B.step+' ('+T[B.i].thread+')',B.i,'#6a1b9a');",
    "if(focus!==(A&&A.i))jumpButton(j,(T[focus].preemption?'preemption':'start')+': step "
    "'+T[focus].step,focus,'#e67e00');",
    "if(V.length>1)add(j,'and '+(V.length-1)+' more in the report: '+V.filter(function(y){return "
    "y!==v}).map(function(y){return y.kind}).join(', '))}});",
    "var lg=add(hd,el('div','legend'));",
    "add(lg,el('span','lh','threads:'));threads.forEach(function(n,t){var "
    "s=add(lg,el('span'));add(s,el('i','sw')).style.background=TC[t%TC.length];add(s,n)});",
    "if(lockNames.length)add(lg,el('span','lh','lock bars:'));lockNames.forEach(function(n){var "
    "s=add(lg,el('span'));add(s,el('i','sw')).style.background=lockColour(n);add(s,n)});",
    "if(win){var "
    "ws=add(lg,el('span'));add(ws,el('i','sw')).style.background='#fff3c4';add(ws,'race window "
    "(shaded)')}",
    "/* ---- the table ---- */",
    "var tb=$('timeline'),cg=add(tb,el('colgroup'));",
    "add(cg,el('col')).style.width='3.4em';",
    "threads.forEach(function(n,t){add(cg,el('col')).style.width=(Math.max(lanes[t].length,1)*9+5)+"
    "'px';add(cg,el('col'))});",
    "var hr=add(add(tb,el('thead')),el('tr'));add(hr,el('th','n','step'));",
    "threads.forEach(function(n,t){var g=add(hr,el('th','gut'));g.title=n+' holds: "
    "'+(lanes[t].join(', ')||'no lock');",
    "var h=add(hr,el('th','thread',n));h.style.color=TC[t%TC.length]});",
    "var body=add(tb,el('tbody')),rows=[];",
    "function gutter(i,t){var img=[],pos=[],size=[];",
    "lanes[t].forEach(function(name,k){spans.forEach(function(s){if(s.tid!==t||s.name!==name)"
    "return;",
    "var c=lockColour(name)+(s.shared?'99':'');",
    "if(s.a<=i&&i<s.b){img.push('linear-gradient('+c+','+c+')');size.push('7px "
    "100%');pos.push((3+k*9)+'px 0')}",
    "else if(i===s.b&&!s.open){img.push('linear-gradient('+c+','+c+')');size.push('7px "
    "50%');pos.push((3+k*9)+'px 0')}})});",
    "return "
    "img.length?{backgroundImage:img.join(','),backgroundSize:size.join(','),backgroundPosition:"
    "pos.join(',')}:null}",
    "function where(s){return (s.function||'?')+' '+(s.file||'?')+':'+(s.line!=null?s.line:'?')}",
    "function kernelText(k){return k?k.file+':'+k.line+(k.approximate?' (approximate)':''):''}",
    "T.forEach(function(s,i){var "
    "r=add(body,el('tr','step'));rows.push(r);r.id='s'+s.step;r.dataset.step=s.step;r.dataset.tid="
    "s.tid;",
    "add(r,el('td','n',s.step));",
    "threads.forEach(function(n,t){var g=add(r,el('td','gut')),st=gutter(i,t);",
    "if(st){for(var p in st)g.style[p]=st[p];g.title=heldAt(i,t).map(function(x){return "
    "x.name}).join(', ')}",
    "var c=add(r,el('td',t===s.tid?'op':null));if(t!==s.tid)return;",
    "c.style.borderLeft='4px solid '+TC[t%TC.length];",
    "if(s.preemption&&i>0)add(c,el('span','b b-pre','preempts '+T[i-1].thread));",
    "marks.forEach(function(m){if(m.i===i)add(c,el('span','b "
    "'+(m===A?'b-a':m===B?'b-b':'b-m'),m.label))});",
    "add(c,el('span','fn',s.function||'?'));add(c,' '+(s.operation||s.what||''));",
    "c.title=where(s)+'  '+(s.operation||'')});",
    "if(s.preemption&&i>0)r.classList.add('preempt');",
    "if(win&&win[0]<=i&&i<=win[1]){r.classList.add('win');if(i===win[0])r.classList.add('first');"
    "if(i===win[1])r.classList.add('last')}",
    "marks.forEach(function(m){if(m.i===i)r.classList.add(m===A?'hl-a':m===B?'hl-b':'mark')});",
    "r.addEventListener('click',function(){if(A&&B&&i===A.i)select(B.i,true);else "
    "if(A&&B&&i===B.i)select(A.i,true);else select(i,false)})});",
    "V.forEach(function(x){if(x.tid>=0)return;var "
    "r=add(body,el('tr','end')),c=add(r,el('td'));c.colSpan=1+2*threads.length;",
    "add(c,'End of the execution: '+x.kind+' \\u2014 '+String(x.message||''))});",
    "/* ---- the panel ---- */",
    "function stateAt(i){for(;i>=0;i--)if(T[i].state!=null)return T[i].state;return ''}",
    "function stackText(st){if(!st||!st.length)return '';return "
    "st.slice().reverse().map(function(f){",
    "var k=kernelText(f.kernel);return f.function+'  '+(k||f.file+':'+f.line+' "
    "(port)')}).join('\\n')}",
    "function fill(id,text,hideEmpty){var "
    "e=$(id),box=$(id+'-box')||e;e.textContent=text;if(hideEmpty)box.style.display=text?'':'none'}",
    "var cur=-1;",
    "function "
    "select(i,center){if(i<0||i>=rows.length)return;if(cur>=0)rows[cur].classList.remove('sel');"
    "cur=i;",
    "var r=rows[i],s=T[i];r.classList.add('sel');document.body.dataset.selected=s.step;",
    "$('p-step').textContent='Step '+s.step+' \\u00b7 "
    "'+s.thread;$('p-step').style.color=TC[s.tid%TC.length];",
    "fill('p-op',s.operation||s.what||'');",
    "var wd=$('p-where');wd.textContent='';",
    "function row(k,val){if(!val)return;add(wd,el('dt',null,k));add(wd,el('dd',null,val))}",
    "row('function',s.function);row('port',(s.file||'?')+':'+s.line);row('2.4.26',kernelText(s."
    "kernel));row('access',s.access&&s.access!=='none'?s.access+(s.object&&s.object!=='-'?' "
    "'+s.object:''):'');",
    "var mk='';marks.forEach(function(m){if(m.i!==i)return;var o=m===A?B:m===B?A:null;",
    "mk='This is '+phrase(m)+(o?' \\u2014 '+phrase(o)+' is step '+o.step+' (click the row or press "
    "v)':'')});",
    "if(!mk&&win&&win[0]<=i&&i<=win[1])mk='Inside the race window (steps "
    "'+T[win[0]].step+'\\u2013'+T[win[1]].step+').';",
    "fill('p-mark',mk,true);",
    "fill('p-pre',s.preemption&&i>0?'Preemption: '+s.thread+' runs although '+T[i-1].thread+' "
    "could have gone on.':'',true);",
    "fill('p-stack',stackText(s.stack),true);",
    "/* --kernel-src DIR: the 2.4.26 lines around this step's, and a link into the tree */",
    "var KS=D.kernel_source,kl=$('p-klink');kl.textContent='';",
    "if(KS&&s.kernel&&s.kernel.line>0){var q=[];for(var l=s.kernel.line-2;l<=s.kernel.line+2;l++){",
    "var t=KS[s.kernel.file+':'+l];if(t!=null)q.push((l===s.kernel.line?'> ':'  ')+l+'  '+t)}",
    "var a=add(kl,el('a',null,s.kernel.file+':'+s.kernel.line));",
    "a.setAttribute('href','file://'+encodeURI(D.kernel_src+'/'+s.kernel.file));",
    "fill('p-ksrc',q.join('\\n'),true)}else fill('p-ksrc','',true);",
    "$('p-ksrc-box').style.display=KS&&s.kernel?'':'none';",
    "fill('p-state',stateAt(i)||'(no state line)');",
    "fill('p-locks',threads.map(function(n,t){var h=heldAt(i,t);return n+': "
    "'+(h.length?h.map(function(x){return x.name+(x.shared?' (shared)':'')}).join(', "
    "'):'none')}).join('\\n'));",
    "keepInView(r,center)}",
    "function keepInView(r,center){var "
    "box=$('tl'),head=tb.tHead.offsetHeight,top=r.offsetTop,h=r.offsetHeight;",
    "if(center)box.scrollTop=top-head-(box.clientHeight-head-h)/2;",
    "else if(top-head<box.scrollTop)box.scrollTop=top-head;",
    "else if(top+h>box.scrollTop+box.clientHeight)box.scrollTop=top+h-box.clientHeight}",
    "/* the report, as KASAN writes one: the access, each other side, notes */",
    "(function(){var rp=$('p-report');if(!v){$('report').style.display='none';return}",
    "function stepLink(p,step,thread){var i=rowOf(step);if(i<0){add(p,(step==null||step<0?'before "
    "the run':'step '+step)+(thread?' ('+thread+')':''));return}",
    "var b=add(p,el('button','jump','step '+step+(thread?' "
    "('+thread+')':'')));b.addEventListener('click',function(){select(i,true)})}",
    "function side(title,x,fallback){var h=add(rp,el('h3',null,title+' "
    "'));stepLink(h,x.step,x.thread);",
    "var i=rowOf(x.step),s=i>=0?T[i]:null,lines=[];",
    "var what=x.what||(s?s.operation:'');if(what)lines.push(what);",
    "var st=x.stack&&x.stack.length?x.stack:(s&&s.stack&&s.stack.length?s.stack:null);",
    "if(st)lines.push(stackText(st));else if(x.function)lines.push(x.function+'  "
    "'+x.file+':'+x.line+(x.kernel?'  ['+kernelText(x.kernel)+']':''));",
    "else if(s)lines.push(where(s)+(s.kernel?'  ['+kernelText(s.kernel)+']':''));",
    "if(fallback)lines.push(fallback);",
    "if(lines.length)add(rp,el('pre',null,lines.join('\\n')))}",
    "var fn=v.access&&v.access.function?v.access.function:(A?T[A.i].function:'');",
    "add(rp,el('pre',null,'BUG: '+v.kind+(fn?' in "
    "'+fn:'')+'\\n'+String(v.message||'').replace(/\\s+$/,'')));",
    "if(v.access)side('The bad access:',v.access);",
    "else if(v.tid>=0&&A)side('The bad access:',{step:A.step,thread:T[A.i].thread});",
    "related.forEach(function(r){side((r.label.charAt(0).toUpperCase()+r.label.slice(1))+':',r,r."
    "derived?'(from the message; the JSON has no \"related\" field)':r.note)});",
    "if(v.notes&&v.notes.length){add(rp,el('h3',null,'Notes'));add(rp,el('pre',null,v.notes.join('"
    "\\n')))}",
    "if(win){var h=add(rp,el('h3',null,'Race window: '));stepLink(h,T[win[0]].step);add(h,' to "
    "');stepLink(h,T[win[1]].step);add(h,' (shaded)')}",
    "V.forEach(function(x){if(x!==v){add(rp,el('h3',null,'Also: "
    "'+x.kind));add(rp,el('pre',null,String(x.message||'').replace(/\\s+$/,'')))}})})();",
    "/* ---- keys ---- */",
    "function nextPre(dir){for(var "
    "i=cur+dir;i>=0&&i<rows.length;i+=dir)if(T[i].preemption&&i>0){select(i,true);return}}",
    "document.addEventListener('keydown',function(e){if(e.ctrlKey||e.altKey||e.metaKey)return;var "
    "k=e.key;",
    "if(k==='ArrowDown'||k==='j')select(cur+1,false);",
    "else if(k==='ArrowUp'||k==='k')select(cur-1,false);",
    "else if(k==='n')nextPre(1);",
    "else if(k==='p')nextPre(-1);",
    "else if(k==='Home')select(0,true);",
    "else if(k==='End')select(rows.length-1,true);",
    "else if(k==='f')select(focus,true);",
    "else if(k==='v'||k==='Enter'){if(A&&B&&cur===A.i)select(B.i,true);else if(A)select(A.i,true)}",
    "else return;",
    "e.preventDefault()});",
    "document.body.dataset.focus=T.length?T[focus].step:'';",
    "if(A)document.body.dataset.markA=A.step;if(B)document.body.dataset.markB=B.step;",
    "if(win)document.body.dataset.window=T[win[0]].step+'-'+T[win[1]].step;",
    "select(focus,true);",
    "/* what tests/cli/html_chromium.sh reads back: the layout fits the window,",
    " * and #selftest=KEY,KEY... presses those keys after load */",
    "function report(){var p=$('panel').getBoundingClientRect(),de=document.documentElement;",
    "var "
    "b=document.body.dataset;b.scrollWidth=de.scrollWidth;b.innerWidth=window.innerWidth;b."
    "panelRight=Math.round(p.right);",
    "b.fits=de.scrollWidth<=window.innerWidth&&p.right<=window.innerWidth&&p.width>0?'yes':'no'}",
    "report();window.addEventListener('resize',report);",
    "var mt=/selftest=([^&]*)/.exec(location.hash);",
    "if(mt){document.body.dataset.selftestFrom=T[cur].step;decodeURIComponent(mt[1]).split(',')."
    "forEach(function(k){",
    "document.dispatchEvent(new KeyboardEvent('keydown',{key:k,bubbles:true,cancelable:true}))});",
    "document.body.dataset.selftestStep=T[cur].step}",
    "})();",
    NULL,
};

static const char panel[] =
    "<aside id=\"panel\"><h2 id=\"p-step\"></h2><div id=\"p-mark\"></div>"
    "<div id=\"p-pre\"></div><pre id=\"p-op\"></pre><dl id=\"p-where\"></dl>\n"
    "<div id=\"p-stack-box\"><div class=\"k\">call stack, innermost first, at 2.4.26 lines</div>"
    "<pre id=\"p-stack\"></pre></div>\n"
    "<div id=\"p-ksrc-box\"><div class=\"k\">Linux 2.4.26 (--kernel-src)</div>"
    "<div id=\"p-klink\"></div><pre id=\"p-ksrc\"></pre></div>\n"
    "<div class=\"k\">state after this step</div><pre id=\"p-state\"></pre>\n"
    "<div class=\"k\">locks held after this step</div><pre id=\"p-locks\"></pre>\n"
    "<details id=\"report\" open><summary>Report</summary><div id=\"p-report\"></div>"
    "</details>\n"
    "<div class=\"keys\"><kbd>&darr;</kbd> <kbd>&uarr;</kbd> (or <kbd>j</kbd> <kbd>k</kbd>) "
    "next / previous step &middot; <kbd>n</kbd> <kbd>p</kbd> next / previous preemption "
    "&middot; <kbd>v</kbd> jump between the two highlighted steps (or click one) &middot; "
    "<kbd>f</kbd> back to the start &middot; <kbd>Home</kbd> <kbd>End</kbd></div>"
    "</aside>\n";

static void put_lines(FILE *f, const char *const *lines)
{
	for (; *lines; lines++) {
		fputs(*lines, f);
		fputc('\n', f);
	}
}

/* Text: & < > " escaped, UTF-8 passed through. */
static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* JSON as the text of a <script> element: '<' occurs in JSON only inside
 * strings, where \u003c reads the same, so nothing in the data (a "</"
 * in a message) can close the element early. */
static void put_json_script(FILE *f, const char *id, const char *text, size_t len)
{
	fprintf(f, "<script type=\"application/json\" id=\"%s\">", id);
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '<')
			fputs("\\u003c", f);
		else
			fputc(text[i], f);
	}
	fputs("</script>\n", f);
}

/* The replay's JSON (trace_write_json, compact), malloc'ed; NULL out of
 * memory. */
static char *trace_json(const struct trace_info *ti, size_t *len)
{
	char *text = NULL;
	FILE *m = open_memstream(&text, len);
	struct json j;

	if (!m)
		return NULL;
	json_init(&j, m, false);
	trace_write_json(&j, ti);
	if (fclose(m) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

int trace_print_html(FILE *f, const struct trace_info *ti)
{
	const struct rt_result *res = &ti->tr->res;
	size_t len;
	char *trace = trace_json(ti, &len);

	if (!trace)
		return -1;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n<title>vfsrace: ",
	      f);
	esc(f, ti->m->name);
	fprintf(f, ", fix %s", ti->m->fixes[ti->a->fix].name);
	if (res->nviolations) {
		fputs(": ", f);
		esc(f, res->v[0].kind);
	}
	fputs("</title>\n<style>\n", f);
	put_lines(f, style);
	fputs("</style></head>\n<body>\n<header id=\"top\"><noscript>This page draws the trace "
	      "with JavaScript; `vfsrace replay FILE` prints it as text.</noscript></header>\n"
	      "<main><div id=\"tl\"><table id=\"timeline\"></table></div>\n",
	      f);
	fputs(panel, f);
	fputs("</main>\n", f);
	put_json_script(f, "trace", trace, len);
	fputs("<script>\n", f);
	put_lines(f, script);
	fputs("</script>\n</body></html>\n", f);
	free(trace);
	return 0;
}
