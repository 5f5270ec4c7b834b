<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * The answer of Engine::deadline: the processing time the decision settled
 * and the clock it gives (the due instant and every rule applied). `json`
 * is the library's answer text as received.
 */
final readonly class Deadline extends Clock
{
    public string $procedure;
    public ?string $province;
    public string $channel;
    public Processing $processing;
    public string $json;

    /** @internal */
    public function __construct(Read $r, string $json)
    {
        parent::__construct($r);
        $this->procedure = $r->str('procedure');
        $this->province = $r->optStr('province');
        $this->channel = $r->str('channel');
        $this->processing = Processing::read($r->obj('processing'));
        $this->json = $json;
    }

    /** @internal */
    public static function fromJson(string $json): self
    {
        return new self(Read::json($json), $json);
    }
}
