; Declarations: imports, package-level and local values, types, functions.
(import_spec) @import
(const_spec) @const
(var_spec) @var
(type_spec) @type
(function_declaration) @func
(method_declaration) @func
(func_literal) @func
