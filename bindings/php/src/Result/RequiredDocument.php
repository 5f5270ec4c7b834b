<?php

declare(strict_types=1);

namespace Tthc\Result;

/** A document the applicant is asked for; `reusableFrom` names a national database it can be taken from instead. */
final readonly class RequiredDocument
{
    /** @param list<LegalRef> $legalBasis */
    public function __construct(
        public string $name,
        public ?string $reusableFrom,
        public Validity $validity,
        public string $status,
        public array $legalBasis,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('name'), $r->optStr('reusable_from'), Validity::of($r), $r->str('status'), $r->list('legal_basis', LegalRef::read(...)));
    }
}
