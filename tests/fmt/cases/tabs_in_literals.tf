locals {
	a	=	"tab	inside	string"	#	tab	in	comment
	b	=	<<EOT
	tab-indented heredoc line
		two tabs
EOT
	c	=	1
}
