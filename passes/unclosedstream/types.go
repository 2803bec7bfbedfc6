package unclosedstream

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"github.com/leaklint/leaklint/internal/directive"
)

// An entry of -unclosedstream.types names a must-close type and how it is
// released:
//
//	importpath.Type                  released by Close
//	importpath.Type:Method           released by Method
//	importpath.Type.Field...:Method  released by Method of what the field holds
//	importpath.Type:Method:Next      also released when Next returns false
//
// The import path may itself contain dots (gopkg.in/yaml.v3), so where it
// ends is settled against the packages the analysed package can see.

// spec is an entry split at its colons.
type spec struct {
	raw    string
	name   string // importpath.Type[.Field...]
	method string
	next   string
}

// parseSpec checks an entry's syntax, before any package is read.
func parseSpec(s string) (spec, error) {
	bad := func(why string) (spec, error) {
		return spec{}, fmt.Errorf("-unclosedstream.types entry %q: %s; want importpath.Type, importpath.Type:Method, importpath.Type.Field:Method or importpath.Type:Method:Next, e.g. database/sql.Rows, net/http.Response.Body:Close or database/sql.Rows:Close:Next", s, why)
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return bad("too many colons")
	}
	sp := spec{raw: s, name: parts[0], method: directive.DefaultReleaseMethod}
	if len(parts) > 1 {
		sp.method = parts[1]
		if !token.IsIdentifier(sp.method) {
			return bad(fmt.Sprintf("the release method %q is not an identifier", sp.method))
		}
	}
	if len(parts) > 2 {
		sp.next = parts[2]
		if !token.IsIdentifier(sp.next) {
			return bad(fmt.Sprintf("the iterator method %q is not an identifier", sp.next))
		}
	}
	slash := strings.LastIndexByte(sp.name, '/')
	tail := sp.name[slash+1:]
	segs := strings.Split(tail, ".")
	if len(segs) < 2 || segs[0] == "" || slash == 0 {
		return bad("no import path and type")
	}
	if !token.IsIdentifier(segs[len(segs)-1]) {
		return bad(fmt.Sprintf("%q is not a type or field name", segs[len(segs)-1]))
	}
	for _, seg := range segs[1:] {
		if seg == "" {
			return bad("an empty name between dots")
		}
	}
	return sp, nil
}

// resolved is an entry settled against a package: key names the type
// ("importpath.Type") and release the path to its release method
// ("Close", "Body.Close").
type resolved struct {
	key, release, next string
}

// candidates lists the ways to split name into an import path and
// Type.Field..., longest import path first.
func (sp spec) candidates() [][2]string {
	slash := strings.LastIndexByte(sp.name, '/')
	var out [][2]string
	for i := len(sp.name) - 1; i > slash; i-- {
		if sp.name[i] == '.' {
			out = append(out, [2]string{sp.name[:i], sp.name[i+1:]})
		}
	}
	return out
}

// guesses are what an entry means when its package is not among those
// the analysed package sees (facts may still bring its type in): every
// split, since those that name no package match nothing.
func (sp spec) guesses() []resolved {
	var out []resolved
	for _, c := range sp.candidates() {
		segs := strings.Split(c[1], ".")
		release := strings.Join(append(segs[1:], sp.method), ".")
		out = append(out, resolved{key: c[0] + "." + segs[0], release: release, next: sp.next})
	}
	return out
}

// resolve settles sp against pkgs, the packages the analysed package can
// see by path. found is false when none of them is sp's package; err
// says what is wrong with an entry whose package is there.
func (sp spec) resolve(pkgs map[string]*types.Package) (r resolved, found bool, err error) {
	for _, c := range sp.candidates() {
		pkg := pkgs[c[0]]
		if pkg == nil {
			continue
		}
		r, err := sp.check(pkg, strings.Split(c[1], "."))
		return r, true, err
	}
	return resolved{}, false, nil
}

func (sp spec) check(pkg *types.Package, segs []string) (resolved, error) {
	fail := func(format string, args ...any) (resolved, error) {
		return resolved{}, fmt.Errorf("-unclosedstream.types entry %q: %s", sp.raw, fmt.Sprintf(format, args...))
	}
	tn, ok := pkg.Scope().Lookup(segs[0]).(*types.TypeName)
	if !ok {
		return fail("package %s has no type %s", pkg.Path(), segs[0])
	}
	where := pkg.Path() + "." + segs[0]
	var t types.Type = tn.Type()
	for _, field := range segs[1:] {
		obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, field)
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() {
			return fail("%s has no field %s", where, field)
		}
		where += "." + field
		t = v.Type()
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, sp.method)
	switch obj := obj.(type) {
	case *types.Func:
		if sig := obj.Type().(*types.Signature); sig.Params().Len() != 0 {
			return fail("%s.%s takes arguments, so it cannot be the release method", where, sp.method)
		}
	case *types.Var:
		return fail("%s is a field of %s, not a method: name the release through it, as %s.%s:%s", sp.method, where, sp.name, sp.method, suggestMethod(obj.Type(), pkg))
	default:
		hint := ""
		if f := fieldWith(t, pkg, sp.method); f != "" {
			hint = fmt.Sprintf("; to release through its field, write %s.%s:%s", sp.name, f, sp.method)
		}
		return fail("%s has no method %s%s", where, sp.method, hint)
	}
	if sp.next != "" {
		obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, sp.next)
		fn, ok := obj.(*types.Func)
		if !ok {
			return fail("%s has no method %s", where, sp.next)
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Typ[types.Bool]) {
			return fail("%s.%s is not an iterator method: it must take no arguments and return a bool", where, sp.next)
		}
		if len(segs) > 1 {
			return fail("an iterator method needs a type released by its own method, not through a field")
		}
	}
	release := strings.Join(append(segs[1:], sp.method), ".")
	return resolved{key: pkg.Path() + "." + segs[0], release: release, next: sp.next}, nil
}

// fieldWith names a field of t whose value has method, if one does.
func fieldWith(t types.Type, pkg *types.Package, method string) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if obj, _, _ := types.LookupFieldOrMethod(f.Type(), true, pkg, method); obj != nil {
			if _, ok := obj.(*types.Func); ok {
				return f.Name()
			}
		}
	}
	return ""
}

// suggestMethod names the release method of what a field holds: Close
// if it has one.
func suggestMethod(t types.Type, pkg *types.Package) string {
	if obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, directive.DefaultReleaseMethod); obj != nil {
		return directive.DefaultReleaseMethod
	}
	return "Method"
}

// visible returns the packages pkg can see: itself and its imports,
// transitively, by path.
func visible(pkg *types.Package) map[string]*types.Package {
	out := make(map[string]*types.Package)
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		if out[p.Path()] != nil {
			return
		}
		out[p.Path()] = p
		for _, imp := range p.Imports() {
			walk(imp)
		}
	}
	walk(pkg)
	return out
}
